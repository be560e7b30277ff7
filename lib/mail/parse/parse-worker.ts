// Entry of a parse-pool worker thread: parses the messages it is sent one after the other, in the order they
// came, and answers each with its id. One at a time keeps the pool's per-message timeout exact.
import { parentPort } from 'node:worker_threads';
import { parseMessage } from './parse-message';

export type ParseRequest = { id: number; raw: ArrayBuffer };
export type WorkerReply = { type: 'ready' } | { type: 'result'; id: number; result: Awaited<ReturnType<typeof parseMessage>> };

const port = parentPort;
if (port) {
  let chain = Promise.resolve();
  port.on('message', (request: ParseRequest) => {
    chain = chain.then(async () => {
      const result = await parseMessage(Buffer.from(request.raw));
      port.postMessage({ type: 'result', id: request.id, result } satisfies WorkerReply);
    });
  });
  // Sent once the module graph has loaded, so a worker that cannot start is never handed a message.
  port.postMessage({ type: 'ready' } satisfies WorkerReply);
}
