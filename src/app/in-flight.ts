/** Tracks work that must finish before shutdown (deliveries, interaction replies). */
export function createInFlight() {
  const pending = new Set<Promise<unknown>>();
  return {
    track<T>(work: Promise<T>): Promise<T> {
      pending.add(work);
      const done = () => pending.delete(work);
      work.then(done, done);
      return work;
    },
    get size() {
      return pending.size;
    },
    /** Waits for tracked work, at most `ms`. Returns whether everything finished. */
    async drain(ms: number): Promise<boolean> {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<false>((r) => (timer = setTimeout(() => r(false), ms)));
      const all = Promise.allSettled([...pending]).then(() => true as const);
      const finished = await Promise.race([all, timeout]);
      clearTimeout(timer);
      return finished;
    },
  };
}
