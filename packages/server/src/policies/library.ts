/**
 * The indicator library (指标库) is shared practice: every signed-in user of a region may draw
 * on the indicators of the region's approved tables (name, category, sign, unit, the spread of
 * values, how often used). Which project an entry came from is shown only where the actor could
 * see that project anyway: the finance bureau sees every source; others see sources that are
 * published (or from the starter set), never the name of another unit's unpublished project.
 */
import type { Actor } from '../auth/session.ts';

export const canUseLibrary = (actor: Actor) => actor.regionCode.length > 0;

export function maySeeSource(actor: Actor, source: string, publicSources: ReadonlySet<string>): boolean {
  return actor.orgKind === 'finance' || publicSources.has(source);
}
