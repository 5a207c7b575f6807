// @vitest-environment happy-dom
/** The print view and the public table print amounts as every export does: `13` → `13.00` (issue 20, item 10). */
import { readFileSync, existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { cleanup, render } from '@testing-library/react';
import { importText, printedAmount, type ProjectTable } from '@jixiao/core';
import { PrintSheet } from '../../src/pages/PrintPage.tsx';

const SEED = [new URL('../../../server/src/demo/suixi-2026-seed.txt', import.meta.url).pathname, '/work/shared/seed/000_860be9a69280b0ce.txt'].find((p) => existsSync(p))!;

afterEach(cleanup);

describe('PrintSheet', () => {
  it('shows amounts filed as 13 and 31.2 as 13.00 and 31.20, like the .xlsx/.docx/PDF', () => {
    const t = importText(readFileSync(SEED, 'utf8')).tables.find((x) => x.kind === 'project') as ProjectTable;
    t.totalAmount = { raw: '31.2', fen: 31_200_000 };
    t.currentAmount = { raw: '13', fen: 13_000_000 };
    const { container } = render(createElement(PrintSheet, { detail: { document: t } }));
    const cell = (k: string) => container.querySelector(`[data-key="${k}"]`)?.textContent;
    expect([cell('totalAmount'), cell('currentAmount')]).toEqual(['31.20', '13.00']);
    expect(cell('currentAmount')).toBe(printedAmount('13'));
  });
});
