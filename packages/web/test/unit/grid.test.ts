// @vitest-environment happy-dom
/** The indicator grid as a component: the official layout, the parse chips, spreadsheet keys. */
import { readFileSync, existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createElement, useState } from 'react';
import { act, cleanup, fireEvent, render } from '@testing-library/react';
import { importText, type TargetTable } from '@jixiao/core';
import { TableEditor } from '../../src/form/TableEditor.tsx';

const SEED = [new URL('../../../server/src/demo/suixi-2026-seed.txt', import.meta.url).pathname, '/work/shared/seed/000_860be9a69280b0ce.txt'].find((p) => existsSync(p))!;
const digital = () => importText(readFileSync(SEED, 'utf8')).tables[2]!;

function Harness({ initial, onDoc }: { initial: TargetTable; onDoc: (t: TargetTable) => void }) {
  const [t, setT] = useState(initial);
  onDoc(t);
  return createElement(TableEditor, {
    table: t,
    readOnly: false,
    onChange: (u: (x: TargetTable) => TargetTable) => setT((x) => u(x)),
    ctx: { marks: new Map(), comments: new Map<string, string[]>(), changed: new Set<string>() },
  });
}

afterEach(cleanup);

describe('IndicatorGrid', () => {
  it('prints every 一级/二级 with merged label cells and the project value columns', () => {
    const { container } = render(createElement(Harness, { initial: digital(), onDoc: () => {} }));
    const l1 = [...container.querySelectorAll('td.l1')].map((td) => td.textContent);
    expect(l1.slice(0, 4)).toEqual(['产出指标', '效益指标', '满意度指标', '成本指标']);
    const output = container.querySelector('td.l1[data-l1="产出指标"]') as HTMLTableCellElement;
    expect(output.rowSpan).toBeGreaterThanOrEqual(3);
    expect([...container.querySelectorAll('thead th')].map((th) => th.textContent)).toContain('实施周期指标值');
    expect(container.querySelectorAll('td.l2').length).toBeGreaterThanOrEqual(10);
  });

  it('shows the parse of a value as it is typed', () => {
    let doc: TargetTable | undefined;
    const { container } = render(createElement(Harness, { initial: digital(), onDoc: (t) => (doc = t) }));
    const id = doc!.indicators[0]!.id;
    const input = container.querySelector(`[data-key="ind:${id}:value"]`) as HTMLInputElement;
    act(() => {
      fireEvent.change(input, { target: { value: '不低于 12 个' } });
    });
    expect(doc!.indicators[0]!.value.operator).toBe('≥');
    const chips = [...input.parentElement!.querySelectorAll('.chip')].map((c) => c.textContent);
    expect(chips.slice(0, 3)).toEqual(['≥', '12', '个']);
    expect(chips).toContain('非标准符号');
  });

  it('moves through the grid with the arrow keys and Enter', () => {
    let doc: TargetTable | undefined;
    const { container } = render(createElement(Harness, { initial: digital(), onDoc: (t) => (doc = t) }));
    const [a, b] = doc!.indicators;
    const first = container.querySelector(`[data-key="ind:${a!.id}:value"]`) as HTMLInputElement;
    first.focus();
    fireEvent.keyDown(first, { key: 'ArrowDown' });
    expect(document.activeElement?.getAttribute('data-key')).toBe(`ind:${b!.id}:value`);
    fireEvent.keyDown(document.activeElement!, { key: 'Enter', shiftKey: true });
    expect(document.activeElement?.getAttribute('data-key')).toBe(`ind:${a!.id}:value`);
    const el = document.activeElement as HTMLInputElement;
    el.setSelectionRange(0, 0);
    fireEvent.keyDown(el, { key: 'ArrowLeft' });
    expect(document.activeElement?.getAttribute('data-key')).toBe(`ind:${a!.id}:periodValue`);
  });
});

describe('Ctrl+Enter', () => {
  it('inserts a row below in the same 二级', async () => {
    let doc: TargetTable | undefined;
    const { container } = render(createElement(Harness, { initial: digital(), onDoc: (t) => (doc = t) }));
    const a = doc!.indicators[0]!;
    const cell = container.querySelector(`[data-key="ind:${a.id}:value"]`) as HTMLInputElement;
    cell.focus();
    act(() => {
      fireEvent.keyDown(cell, { key: 'Enter', ctrlKey: true });
    });
    expect(doc!.indicators).toHaveLength(7);
    const added = doc!.indicators[1]!;
    expect(added.level2.name).toBe(a.level2.name);
    expect(added.name.raw).toBe('');
  });
});
