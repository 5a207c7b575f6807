/**
 * /api/library: the region's indicator library (指标库) and suggestions for a project being
 * filed — indicators of similar projects (TF-IDF over character bigrams of name, overview and
 * type, in-process) and, for each quantified aim of its goal, the entry that measures it.
 */
import { bestEntryForAim, extractGoalAims, spreadOf, suggestIndicators, type LibraryEntry } from '@jixiao/core';
import type { RoutePlugin } from '../../app.ts';
import { requireActor } from '../../auth/session.ts';
import { forbidden } from '../../errors.ts';
import { libraryCache } from '../../library/library-cache.ts';
import { canUseLibrary, maySeeSource } from '../../policies/library.ts';
import { errors } from '../common.ts';
import { libraryQuery, libraryReply, suggestionsQuery, suggestionsReply } from './schema.ts';

const entryOut = (e: LibraryEntry) => ({
  key: e.key,
  level1: e.level1,
  level2: e.level2,
  name: e.name,
  operator: e.operator,
  unit: e.unit,
  spread: spreadOf(e) ?? null,
  example: e.example,
  uses: e.uses,
});

const squash = (s: string) => s.replace(/\s+/g, '');

const plugin: RoutePlugin = async (app, { services }) => {
  const cache = libraryCache(services.database);
  const deny = () => forbidden({ zh: '无权使用指标库', en: 'You may not use the indicator library' });

  app.get(
    '/api/library/suggestions',
    {
      schema: {
        tags: ['library'],
        summary: '指标推荐 / indicators suggested for a project from similar projects',
        querystring: suggestionsQuery,
        response: { 200: suggestionsReply, ...errors(400, 401, 403) },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      if (!canUseLibrary(actor)) throw deny();
      const q = req.query;
      const { library, publicSources, tables, builtAt } = await cache.get(actor.regionCode, { fresh: true });
      const existing = (q.existing ?? '').split('\n').map(squash).filter(Boolean);
      const found = suggestIndicators(library, { name: q.name, overview: q.overview ?? '', type: q.type ?? '', existing }, { limit: q.limit });
      const aimEntries: LibraryEntry[] = [];
      for (const aim of extractGoalAims(q.goal ?? '')) {
        const i = bestEntryForAim(library, aim);
        const e = i >= 0 ? library.entries[i] : undefined;
        if (e && !aimEntries.includes(e)) aimEntries.push(e);
      }
      return {
        suggestions: found.map((s) => ({
          ...entryOut(s.entry),
          value: s.value,
          similarity: s.similarity,
          from: maySeeSource(actor, s.from, publicSources) ? s.from : '',
        })),
        aimEntries: aimEntries.map(entryOut),
        library: { tables, entries: library.entries.length, builtAt: builtAt.toISOString() },
      };
    },
  );

  app.get(
    '/api/library',
    {
      schema: {
        tags: ['library'],
        summary: '指标库 / the region’s indicator library (most used first)',
        querystring: libraryQuery,
        response: { 200: libraryReply, ...errors(400, 401, 403) },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      if (!canUseLibrary(actor)) throw deny();
      const q = req.query;
      const { library, tables, builtAt } = await cache.get(actor.regionCode);
      const needle = squash(q.q ?? '');
      const hits = library.entries
        .filter((e) => (!needle || squash(e.name).includes(needle)) && (!q.level1 || e.level1 === q.level1))
        .sort((a, b) => b.uses - a.uses || a.key.localeCompare(b.key));
      return { items: hits.slice(q.offset, q.offset + q.limit).map(entryOut), total: hits.length, tables, builtAt: builtAt.toISOString() };
    },
  );
};

export default plugin;
