// Entry of a parse-pool worker thread: parses the messages it is sent one after the other, in the order they
// came, and answers each with its id. One at a time keeps the pool's per-message timeout exact.
import { parentPort } from 'node:worker_threads';
import { parseInput, type ParseInput } from './parse-input';
import type { ParsedMessage } from './types';

export type ParseRequest = { id: number; input: ParseInput };
export type WorkerReply = { type: 'ready' } | { type: 'result'; id: number; result: ParsedMessage };

const port = parentPort;
if (port) {
  let chain = Promise.resolve();
  port.on('message', (request: ParseRequest) => {
    chain = chain.then(async () => {
      // Buffers arrive as plain Uint8Arrays: structured cloning keeps the bytes, not the Buffer prototype.
      const input = request.input;
      const restored: ParseInput =
        input.kind === 'source'
          ? { kind: 'source', raw: Buffer.from(input.raw.buffer, input.raw.byteOffset, input.raw.byteLength) }
          : { ...input, header: asBuffer(input.header), sections: input.sections.map(([section, content]) => [section, asBuffer(content)]) };
      const result = await parseInput(restored);
      port.postMessage({ type: 'result', id: request.id, result } satisfies WorkerReply);
    });
  });
  // Sent once the module graph has loaded, so a worker that cannot start is never handed a message.
  port.postMessage({ type: 'ready' } satisfies WorkerReply);
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
