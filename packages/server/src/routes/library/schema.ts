import { z } from 'zod';

const spread = z.object({ min: z.number(), median: z.number(), max: z.number() }).nullable();

export const libraryEntry = z
  .object({
    key: z.string(),
    level1: z.string(),
    level2: z.string(),
    name: z.string(),
    operator: z.string().nullable().meta({ description: 'The sign most used: ≥ ＞ ＝ ＜ ≤ (null: qualitative)' }),
    unit: z.string().nullable(),
    spread: spread.meta({ description: 'Smallest, median and largest number used' }),
    example: z.string().meta({ description: 'The value text most used' }),
    uses: z.number().int().meta({ description: 'How many tables used it' }),
  })
  .meta({ id: 'LibraryEntry' });

export const suggestionsQuery = z.object({
  name: z.string().max(300).meta({ description: '项目名称 as typed' }),
  overview: z.string().max(4000).optional().meta({ description: '项目概述' }),
  type: z.string().max(200).optional().meta({ description: '项目类型' }),
  goal: z.string().max(4000).optional().meta({ description: 'Goal text: its quantified aims get the entry that measures them (aimEntries)' }),
  existing: z.string().max(8000).optional().meta({ description: 'Names of the indicators the table already has, one per line' }),
  limit: z.coerce.number().int().min(1).max(40).default(12),
});

export const suggestionsReply = z.object({
  suggestions: z.array(
    libraryEntry.extend({
      value: z.string().meta({ description: 'The value to insert: the typical sign with the median number, or the typical text' }),
      similarity: z.number().meta({ description: '0–1: how close the projects it came from are to this one' }),
      from: z.string().meta({ description: 'The most similar project it was used in ("" when not yours to see)' }),
    }),
  ),
  aimEntries: z.array(libraryEntry).meta({ description: 'For each quantified aim of the goal, the library entry that measures it (what goal.target-uncovered proposes)' }),
  library: z.object({ tables: z.number().int(), entries: z.number().int(), builtAt: z.string() }),
});

export const libraryQuery = z.object({
  q: z.string().max(100).optional().meta({ description: 'Part of an indicator name' }),
  level1: z.string().max(20).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

export const libraryReply = z.object({ items: z.array(libraryEntry), total: z.number().int(), tables: z.number().int(), builtAt: z.string() });
