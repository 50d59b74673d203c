import { SingleBar, Presets } from 'cli-progress';

export interface Progress {
  tick(label: string): void;
  stop(): void;
}

/** A bar on a terminal; on a pipe or in CI, one plain line per step so logs stay readable. */
export function createProgress(total: number, isTTY: boolean, out: (line: string) => void): Progress {
  if (!isTTY) {
    let done = 0;
    return {
      tick: (label) => out(`[${++done}/${total}] ${label}`),
      stop: () => undefined,
    };
  }
  const bar = new SingleBar(
    { format: ' {bar} {value}/{total} days | {label}', hideCursor: true, clearOnComplete: false },
    Presets.shades_classic,
  );
  bar.start(total, 0, { label: '' });
  return { tick: (label) => bar.increment({ label }), stop: () => bar.stop() };
}
