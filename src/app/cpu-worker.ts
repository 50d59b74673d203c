// The worker thread of src/app/cpu-pool.ts: runs one task at a time, in the order they come, and answers each with
// its result or its error (structured clone keeps an error's class, message and stack).
import { parentPort, workerData } from 'node:worker_threads';
import { createCpuTasks, type CpuReply, type CpuRequest, type CpuTaskContext } from './cpu-tasks.ts';

const port = parentPort;
if (!port) throw new Error('cpu-worker.ts runs as a worker thread');
const tasks = createCpuTasks(workerData as CpuTaskContext);

port.on('message', ({ id, task, args }: CpuRequest) => {
  let reply: CpuReply;
  try {
    const run = tasks[task] as (...a: unknown[]) => unknown;
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
