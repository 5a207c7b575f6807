/**
 * A PDF the attachment writer cannot update (cross-reference streams instead of a trailer) is
 * still served, without the embedded data, rather than failing the download.
 */
import { describe, expect, it } from 'vitest';
import { readTableData } from '@jixiao/files';
import { cleanProject } from '../../core/test/helpers/tables.ts';
import { withTableData } from '../src/exports/render.ts';

describe('withTableData', () => {
  it('returns a PDF it cannot update unchanged, with no data in it', () => {
    // Cross-reference stream style: no `trailer` keyword, only startxref.
    const xrefStream = new TextEncoder().encode('%PDF-1.5\n1 0 obj\n<</Type /XRef /Size 1 /Root 2 0 R>>\nstream\n\nendstream\nendobj\nstartxref\n9\n%%EOF\n');
    const out = withTableData(xrefStream, [{ table: cleanProject() }]);
    expect(out).toBe(xrefStream);
    expect(readTableData(out)).toBeUndefined();
  });
});
