export * from './import/cell-grid.ts';
export * from './money/money.ts';
export * from './model/target-table.ts';
export * from './framework/indicator-framework.ts';
export * from './value/indicator-value.ts';
export * from './rules/finding.ts';
