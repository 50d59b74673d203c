// The worker thread of src/app/cpu-pool.ts: runs one task at a time, in the order they come, and answers each with
// its result or its error (structured clone keeps an error's class, message and stack).
import { parentPort } from 'node:worker_threads';
import { cpuTasks, type CpuReply, type CpuRequest } from './cpu-tasks.ts';

const port = parentPort;
if (!port) throw new Error('cpu-worker.ts runs as a worker thread');

port.on('message', ({ id, task, args }: CpuRequest) => {
  let reply: CpuReply;
  try {
    const run = cpuTasks[task] as (...a: unknown[]) => unknown;
    reply = { id, result: run(...args) };
  } catch (err) {
    reply = { id, error: err instanceof Error ? err : new Error(String(err)) };
  }
  try {
    port.postMessage(reply);
  } catch (err) {
    // A result or error that cannot be cloned still answers the task.
    port.postMessage({ id, error: err instanceof Error ? err : new Error(String(err)) } satisfies CpuReply);
  }
});
