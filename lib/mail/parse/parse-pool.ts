import { availableParallelism } from 'node:os';
import { createWorkerPool } from '../../workers/worker-pool';
import { headersOnlyOf, inputBytes, parseInput, type ParseInput } from './parse-input';
import type { StorableMessage } from './types';
import { startParseWorker } from './start-parse-worker';

export type ParsePoolOptions = {
  /** Worker threads; default one per core but the calling thread's, 1 to 4 (see defaultPoolSize). */
  size?: number;
  /** Per message; past it the worker is killed and the message kept with its headers only. Default 5 s. */
  timeoutMs?: number;
  /** Heap of each worker; a message that needs more crashes only its worker. Default 256 MB. */
  maxOldGenerationSizeMb?: number;
  /** Young generation of each worker (see below). Default 16 MB. */
  maxYoungGenerationSizeMb?: number;
  /**
   * Larger messages get a headers-only result with `damaged: 'too large'` (SPEC: over 25 MB, no body). Also what
   * keeps the heap bound safe: Node aborts the whole process, not just the worker, when a worker hits its heap
   * limit in the middle of one big allocation (nodejs/node#47224), and 25 MB messages stay well under 256 MB.
   */
  maxMessageBytes?: number;
  /** Parse on the calling thread: no memory bound, and a timeout only stops waiting, not the work. */
  inProcess?: boolean;
};

export type ParsePool = {
  /** Never rejects for a bad message: a timeout or crash gives a headers-only result with `damaged` set. */
  parse(raw: Buffer): Promise<StorableMessage>;
  /** The same bounds for a message the import fetched as header and text sections. */
  parseParts(input: Omit<Extract<ParseInput, { kind: 'parts' }>, 'kind'>): Promise<StorableMessage>;
  close(): Promise<void>;
  /** 'in-process' when asked for, or when workers could not be started at all (see worker-pool.ts). */
  readonly mode: 'workers' | 'in-process';
};

export function createParsePool(options: ParsePoolOptions = {}): ParsePool {
  const maxMessageBytes = options.maxMessageBytes ?? 25 * 1024 * 1024;
  const pool = createWorkerPool<ParseInput, StorableMessage>({
    name: 'Parse',
    start: startParseWorker,
    size: options.size ?? defaultPoolSize(),
    timeoutMs: options.timeoutMs ?? 5_000,
    // A small young generation: a worker's garbage is short-lived strings of one message, and the default
    // (tens of MB per thread) showed up as ~30 MB more peak RSS per worker with no gain in speed. At 4 MB,
    // scavenges took a fifth of a worker's time in bench:sync's profiles; 16 MB used ~3 % less CPU per message
    // for ~5 MB more peak RSS (issue 22).
    resourceLimits: {
      maxOldGenerationSizeMb: options.maxOldGenerationSizeMb ?? 256,
      maxYoungGenerationSizeMb: options.maxYoungGenerationSizeMb ?? 16,
    },
    // A few messages wait inside each worker, so it never idles while the main thread (busy with IMAP and the
    // database) gets round to handing it the next one.
    inFlightPerWorker: 8,
    // A timeout or crash keeps the message with its headers, `damaged` saying why.
    fallback: headersOnlyOf,
    precheck: (input) => (inputBytes(input) > maxMessageBytes ? headersOnlyOf(input, 'too large') : undefined),
    runInProcess: parseInput,
    inProcess: options.inProcess,
  });

  return {
    get mode() {
      return pool.mode;
    },
    parse(raw) {
      return pool.run({ kind: 'source', raw });
    },
    parseParts(input) {
      return pool.run({ kind: 'parts', ...input });
    },
    close: () => pool.close(),
  };
}

/**
 * One worker per core but one: the calling thread, busy with IMAP and the database, takes a core of its own,
 * and PostgreSQL usually shares the machine. On 2 cores that is one worker, which imported as fast as two
 * (bench:sync, issue 22) with ~20 MB less peak RSS; never more than 4, each worker's heap being bounded
 * separately.
 */
function defaultPoolSize(): number {
  return Math.min(4, Math.max(1, availableParallelism() - 1));
}
