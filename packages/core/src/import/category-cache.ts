/**
 * matchLevel1 / matchLevel2 memoised: the importer asks about the same few labels on every row
 * of every table, and the framework's matching normalises each legacy label on every call.
 */
import { matchLevel1 as m1, matchLevel2 as m2, type LabelMatch, type Level1Name, type Level2Name } from '../framework/indicator-framework.ts';

const L1 = new Map<string, LabelMatch<Level1Name> | null>();
const L2 = new Map<string, LabelMatch<Level2Name> | null>();

export function matchLevel1(label: string): LabelMatch<Level1Name> | undefined {
  let hit = L1.get(label);
  if (hit === undefined) {
    if (L1.size > 20_000) L1.clear();
    hit = m1(label) ?? null;
    L1.set(label, hit);
  }
  return hit ?? undefined;
}

export function matchLevel2(label: string, level1Label?: string): LabelMatch<Level2Name> | undefined {
  const key = `${label}\u0000${level1Label ?? ''}`;
  let hit = L2.get(key);
  if (hit === undefined) {
    if (L2.size > 20_000) L2.clear();
    hit = m2(label, level1Label) ?? null;
    L2.set(key, hit);
  }
  return hit ?? undefined;
}
