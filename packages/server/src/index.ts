export { buildApp, type App, type AppOptions } from './app.ts';
export { openDatabase, type Database, type OpenOptions } from './db/open.ts';
export { DataDirLockedError } from './db/lock.ts';
export { startServer, type RunningServer, type ServeOptions } from './serve.ts';
export { ensureDemo, DEMO_USERS, DEMO_REGION } from './demo/demo.ts';
export { writeBackup, restoreBackup } from './db/backup.ts';
export { verifyAuditChain, auditEveryRegion } from './audit/audit.ts';
export { loadProvince, countyCopyText, ProvinceLoadError, PROVINCE_PASSWORD, type LoadProvinceOptions, type LoadProvinceResult, type LoadProgress } from './bulk/load-province.ts';
export { progressLine, progressPrinter } from './bulk/progress.ts';
