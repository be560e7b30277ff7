// Entry of a parse-pool worker thread: parses one message at a time and answers with the result.
import { parentPort } from 'node:worker_threads';
import { parseMessage } from './parse-message';

export type ParseRequest = { raw: ArrayBuffer };
export type WorkerReply = { type: 'ready' } | { type: 'result'; result: Awaited<ReturnType<typeof parseMessage>> };

const port = parentPort;
if (port) {
  port.on('message', async (request: ParseRequest) => {
    const result = await parseMessage(Buffer.from(request.raw));
    port.postMessage({ type: 'result', result } satisfies WorkerReply);
  });
  // Sent once the module graph has loaded, so a worker that cannot start is never handed a message.
  port.postMessage({ type: 'ready' } satisfies WorkerReply);
}
