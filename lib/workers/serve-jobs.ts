import { parentPort } from 'node:worker_threads';

export type JobRequest<In> = { id: number; input: In };
export type JobReply<Out> =
  | { type: 'ready' }
  | { type: 'result'; id: number; result: Out }
  | { type: 'failed'; id: number; reason: string };

/**
 * The body of a worker-pool thread (see worker-pool.ts): runs the jobs it is sent one after the other, in the
 * order they came, and answers each with its id. One at a time keeps the pool's per-job timeout exact. A job
 * that throws is answered as failed; the thread itself carries on.
 */
export function serveJobs<In, Out>(handle: (input: In) => Out | Promise<Out>): void {
  const port = parentPort;
  if (!port) return;
  let chain = Promise.resolve();
  port.on('message', (request: JobRequest<In>) => {
    chain = chain.then(async () => {
      let reply: JobReply<Out>;
      try {
        reply = { type: 'result', id: request.id, result: await handle(request.input) };
      } catch (error) {
        reply = {
          type: 'failed',
          id: request.id,
          reason: `failed: ${error instanceof Error ? error.message : String(error)}`,
        };
      }
      port.postMessage(reply);
    });
  });
  // Sent once the module graph has loaded, so a worker that cannot start is never handed a job.
  port.postMessage({ type: 'ready' } satisfies JobReply<Out>);
}
