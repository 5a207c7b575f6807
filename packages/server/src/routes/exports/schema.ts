/** Schemas of the download routes: one table's documents, batch jobs, the findings report. */
import { z } from 'zod';
import { BATCH_FORMATS, TABLE_FORMATS } from '../../exports/formats.ts';
import { stage, status } from '../common.ts';

export const tableFormat = z.enum(TABLE_FORMATS).meta({
  description:
    'json: the stored document with its findings; xlsx / docx / pdf / html: the official table (A4 landscape); csv: the exchange format as one CSV (a row per indicator); exchange: the exchange JSON; exchange-csv: tables.csv + indicators.csv in a zip',
});

export const exportQuery = z.object({ format: tableFormat.default('json') });
export const publicExportQuery = z.object({ format: z.enum(TABLE_FORMATS).exclude(['json']).default('xlsx') });

export const batchBody = z.object({
  year: z.number().int().min(1990).max(2200),
  format: z.enum(BATCH_FORMATS).meta({
    description:
      'xlsx: one workbook, an index sheet and a sheet per table; docx / pdf: one document, a table per page; zip-xlsx / zip-docx / zip-pdf: a zip with a file per table; exchange / csv / exchange-csv: the exchange format; findings: the findings report',
  }),
  stage: stage.optional(),
  status: status.optional(),
  kind: z.enum(['dept-overall', 'project']).optional(),
  org: z.string().max(100).optional().meta({ description: 'A 主管部门 or 预算单位 (id or code): its tables and its units’. Omitted: every table of the region you may read.' }),
  title: z.string().max(100).optional().meta({ description: 'File name (default: year, organisation and format)' }),
});

export const jobView = z
  .object({
    id: z.string(),
    format: z.string(),
    title: z.string(),
    phase: z.enum(['queued', 'rendering', 'packing', 'done', 'failed']),
    done: z.number().int(),
    total: z.number().int(),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
    file: z.object({ name: z.string(), bytes: z.number().int(), url: z.string() }).nullable(),
    error: z.object({ code: z.string(), zh: z.string(), en: z.string() }).nullable(),
  })
  .meta({ id: 'ExportJob', description: 'A batch export: poll until phase is done (then download file.url) or failed.' });

export const jobParams = z.object({ id: z.string().max(100) });
