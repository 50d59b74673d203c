import { resourceUsage } from 'node:process';

/** Small measuring helpers for the search benchmark. */

export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

export const median = (xs: readonly number[]) => percentile(xs, 50);

export function timed<T>(f: () => T): [T, number] {
  const t = performance.now();
  const v = f();
  return [v, performance.now() - t];
}

let peakRss = 0;
/** Current resident set size in MB, remembering the highest seen. */
export function rssMb(): number {
  const mb = process.memoryUsage.rss() / 1e6;
  peakRss = Math.max(peakRss, mb);
  return mb;
}
/** Peak resident set size in MB: the kernel's maxRSS, or the highest sampled. */
export const peakRssMb = () => Math.max(peakRss, resourceUsage().maxRSS / 1e3);

export const fmt = (x: number, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : '–');

export function overlap(a: readonly number[], b: readonly number[]): number {
  if (b.length === 0) return a.length === 0 ? 1 : 0;
  const set = new Set(b);
  return a.filter((x) => set.has(x)).length / Math.min(10, b.length);
}
