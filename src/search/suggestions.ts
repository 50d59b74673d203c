import { matchExpression } from './fts-query.ts';
import type { DateRange, FtsPaths } from './fts-paths.ts';
import type { Loosening } from './types.ts';
import type { Unit } from './units.ts';

/**
 * What to loosen when a query found nothing: a term that matches no paper at all, the date range, an
 * author, or the exclusions, each offered only when dropping it would find something. Each check is an
 * FTS5 existence test, which stops at the first row found.
 */
export function suggest(fts: FtsPaths, units: Unit[], dates: DateRange): Loosening[] {
  const out: Loosening[] = [];
  const none: DateRange = { from: null, until: null };
  const hasDates = dates.from !== null || dates.until !== null;
  const positives = units.filter((u) => !u.term.negated);
  const found = (us: Unit[], d: DateRange) => {
    const m = matchExpression(us.map((u) => u.term));
    return m !== null && fts.exists(m, d);
  };
  for (const u of positives) if (!found([u], none)) out.push({ kind: 'drop-term', term: u.label });
  if (out.length > 0) return out;
  if (hasDates && found(units, none)) out.push({ kind: 'drop-dates' });
  for (const a of positives.filter((u) => u.term.author)) {
    if (
      found(
        units.filter((u) => u !== a),
        dates,
      )
    )
      out.push({ kind: 'drop-author', term: a.label });
  }
  if (units.some((u) => u.term.negated) && found(positives, dates)) out.push({ kind: 'drop-exclusions' });
  return out;
}
