/**
 * Which database a command opens: PostgreSQL when DATABASE_URL is set, otherwise the PGlite data
 * folder of --data, JIXIAO_DATA_DIR or ./data (the settings module reads and checks both).
 */
import { readSettings } from '@jixiao/server/settings';

export function databasePlace(dataFlag: string | true | undefined): { databaseUrl: string } | { dataDir: string } {
  const s = readSettings();
  if (s.DATABASE_URL) return { databaseUrl: s.DATABASE_URL };
  return { dataDir: typeof dataFlag === 'string' ? dataFlag : s.JIXIAO_DATA_DIR };
}
