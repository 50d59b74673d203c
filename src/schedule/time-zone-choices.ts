// Intl knows several hundred zones; autocomplete offers the ones matching what was typed.
let zones: string[] | null = null;

export function suggestTimeZones(typed: string, limit = 25): string[] {
  zones ??= ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')];
  const q = typed.trim().toLowerCase().replace(/\s+/g, '_');
  if (!q) return zones.slice(0, limit);
  const starts = zones.filter((z) => z.toLowerCase().startsWith(q) || z.toLowerCase().split('/').pop()?.startsWith(q));
  const contains = zones.filter((z) => !starts.includes(z) && z.toLowerCase().includes(q));
  return [...starts, ...contains].slice(0, limit);
}
