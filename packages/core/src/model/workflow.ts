/**
 * The budget stages a table is filed in and the states of its review — one list each, shared by
 * the database schema, the API's validation, the server's rules and the web app.
 */

/** 一上 (first submission), 二上 (second), 调整 (adjustment), in the order of the budget year. */
export const STAGES = ['first', 'second', 'adjust'] as const;
export type Stage = (typeof STAGES)[number];

/** 草稿 → 已提交 → 主管部门已审 → 财政已审 → 已公开, in workflow order. */
export const TABLE_STATUSES = ['draft', 'submitted', 'dept_approved', 'finance_approved', 'published'] as const;
export type TableStatus = (typeof TABLE_STATUSES)[number];
