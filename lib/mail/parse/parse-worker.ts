// Entry of a parse-pool worker thread (see parse-pool.ts).
import { serveJobs } from '../../workers/serve-jobs';
import { parseInput, type ParseInput } from './parse-input';

serveJobs((input: ParseInput) => {
  // Buffers arrive as plain Uint8Arrays: structured cloning keeps the bytes, not the Buffer prototype.
  const restored: ParseInput =
    input.kind === 'source'
      ? { kind: 'source', raw: asBuffer(input.raw) }
      : {
          ...input,
          header: asBuffer(input.header),
          sections: input.sections.map(([section, content]) => [section, asBuffer(content)]),
        };
  return parseInput(restored);
});

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
