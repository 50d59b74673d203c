import { Worker, type Transferable } from 'node:worker_threads';
import type { Logger } from '../log/logger.ts';
import type { CpuReply, CpuRequest, CpuTask, CpuTaskContext, CpuTasks } from './cpu-tasks.ts';

/**
 * The bot's worker thread for work that would block the main one for longer than an interaction can wait
 * (src/app/cpu-tasks.ts). The thread starts with the first task and stays for the next; a task's error rejects
 * its promise; a thread that dies rejects the tasks it held, and the next task starts a new one.
 */
export interface CpuPool {
  /** Runs a task with its arguments; `transfer` moves buffers to the thread instead of copying them. */
  run<K extends CpuTask>(
    task: K,
    args: Parameters<CpuTasks[K]>,
    transfer?: readonly Transferable[],
  ): Promise<ReturnType<CpuTasks[K]>>;
  /** Tasks started on the thread, ever. */
  readonly tasks: number;
  /** Ends the thread; tasks still running are rejected, and later ones too. */
  close(): Promise<void>;
}

interface Pending {
  resolve(value: unknown): void;
  reject(err: Error): void;
}

/**
 * The thread's entry is TypeScript, like the rest of the bot (run by tsx, see package.json): it registers tsx's
 * loader first. (`execArgv: ['--import', 'tsx']` does not reach a worker's entry on Node 20.)
 */
function bootstrap(): string {
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./cpu-worker.ts', import.meta.url).href;
  return `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
}

export function createCpuPool({ log, ...context }: CpuTaskContext & { log: Logger }): CpuPool {
  let worker: Worker | null = null;
  let closed = false;
  let nextId = 0;
  let tasks = 0;
  const pending = new Map<number, Pending>();
  // Resolving tsx's entry goes through the module loader's thread, a wait best paid at start-up.
  const entry = bootstrap();

  function start(): Worker {
    const w = new Worker(entry, { eval: true, workerData: context satisfies CpuTaskContext });
    w.on('message', (reply: CpuReply) => {
      const p = pending.get(reply.id);
      if (!p) return;
      pending.delete(reply.id);
      if ('error' in reply) p.reject(reply.error);
      else p.resolve(reply.result);
      // An idle thread does not keep the process alive; one with work does.
      if (pending.size === 0) w.unref();
    });
    w.on('error', (err) => log.error({ err }, 'the CPU worker thread failed'));
    w.on('exit', (code) => {
      if (worker !== w) return;
      worker = null;
      if (!closed) log.warn({ code, tasks: pending.size }, 'the CPU worker thread stopped; the next task starts one');
      const err = new Error(closed ? 'the CPU worker thread was closed' : `the CPU worker thread stopped (${code})`);
      for (const p of pending.values()) p.reject(err);
      pending.clear();
    });
    return w;
  }

  return {
    run(task, args, transfer = []) {
      if (closed) return Promise.reject(new Error('the CPU worker thread was closed'));
      worker ??= start();
      const w = worker;
      const id = nextId++;
      tasks++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        w.ref();
        w.postMessage({ id, task, args } satisfies CpuRequest, transfer);
      });
    },
    get tasks() {
      return tasks;
    },
    async close() {
      closed = true;
      await worker?.terminate();
    },
  };
}
