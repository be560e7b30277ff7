import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { AppError } from '@/lib/errors';
import { headersOnlyOf, inputBytes, parseInput, type ParseInput } from './parse-input';
import type { ParsedMessage } from './types';
import type { ParseRequest, WorkerReply } from './parse-worker';
import { startParseWorker } from './start-parse-worker';

export type ParsePoolOptions = {
  /** Worker threads; default min(2, CPUs). */
  size?: number;
  /** Per message; past it the worker is killed and the message kept with its headers only. Default 5 s. */
  timeoutMs?: number;
  /** Heap of each worker; a message that needs more crashes only its worker. Default 256 MB. */
  maxOldGenerationSizeMb?: number;
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
  parse(raw: Buffer): Promise<ParsedMessage>;
  /** The same bounds for a message the import fetched as header and text sections. */
  parseParts(input: Omit<Extract<ParseInput, { kind: 'parts' }>, 'kind'>): Promise<ParsedMessage>;
  close(): Promise<void>;
  /** 'in-process' when asked for, or when workers could not be started at all (see below). */
  readonly mode: 'workers' | 'in-process';
};

type Job = { id: number; input: ParseInput; resolve(result: ParsedMessage): void; reject(error: Error): void };
// `jobs` are in flight in the worker's own queue, parsed in order; the timer watches the first of them.
type Slot = { worker: Worker; ready: boolean; jobs: Job[]; timer?: NodeJS.Timeout };

// A few messages wait inside each worker, so it never idles while the main thread (busy with IMAP and the
// database) gets round to handing it the next one.
const IN_FLIGHT_PER_WORKER = 8;
let nextJobId = 1;

const BOOT_TIMEOUT_MS = 30_000;
const MAX_BOOT_FAILURES = 3;

export function createParsePool(options: ParsePoolOptions = {}): ParsePool {
  const size = Math.max(1, options.size ?? Math.min(2, availableParallelism()));
  const timeoutMs = options.timeoutMs ?? 5_000;
  // A small young generation: a worker's garbage is short-lived strings of one message, and the default
  // (tens of MB per thread) showed up as ~30 MB more peak RSS per worker with no gain in speed.
  const resourceLimits = { maxOldGenerationSizeMb: options.maxOldGenerationSizeMb ?? 256, maxYoungGenerationSizeMb: 4 };
  const maxMessageBytes = options.maxMessageBytes ?? 25 * 1024 * 1024;
  let mode: ParsePool['mode'] = options.inProcess ? 'in-process' : 'workers';
  let closed = false;
  let everReady = false;
  let bootFailures = 0;
  const queue: Job[] = [];
  const slots: Slot[] = [];

  function dispatch(): void {
    if (mode === 'in-process') {
      for (const job of queue.splice(0)) void parseInProcess(job.input, timeoutMs).then(job.resolve, job.reject);
      return;
    }
    for (const slot of slots) {
      while (slot.ready && slot.jobs.length < IN_FLIGHT_PER_WORKER && queue.length > 0) run(slot, queue.shift()!);
    }
    const booting = slots.filter((slot) => !slot.ready).length;
    for (let missing = Math.min(queue.length - booting, size - slots.length); missing > 0; missing--) spawn();
  }

  function spawn(): void {
    let worker: Worker;
    try {
      worker = startParseWorker(resourceLimits);
    } catch {
      return fallBackToInProcess();
    }
    const slot: Slot = { worker, ready: false, jobs: [] };
    slot.timer = setTimeout(() => down(slot, 'worker did not start'), BOOT_TIMEOUT_MS);
    slots.push(slot);
    worker.unref();
    worker.on('message', (reply: WorkerReply) => {
      if (!slots.includes(slot)) return;
      if (reply.type === 'ready') {
        clearTimeout(slot.timer);
        slot.ready = everReady = true;
        bootFailures = 0;
      } else if (slot.jobs[0]?.id === reply.id) {
        const job = slot.jobs.shift()!;
        clearTimeout(slot.timer);
        if (slot.jobs.length > 0) armTimer(slot);
        else worker.unref();
        job.resolve(reply.result);
      }
      dispatch();
    });
    worker.on('error', (error) => down(slot, `worker crashed: ${error.message}`));
    worker.on('exit', (code) => down(slot, `worker crashed: exit code ${code}`));
  }

  function run(slot: Slot, job: Job): void {
    slot.jobs.push(job);
    slot.worker.ref();
    // Cloned, not transferred: the caller's Buffers may be views into larger pooled buffers, which must not be
    // detached, and they are still needed for the headers-only fallback.
    slot.worker.postMessage({ id: job.id, input: job.input } satisfies ParseRequest);
    if (slot.jobs.length === 1) armTimer(slot);
  }

  // Only the message being parsed is on the clock; the ones queued behind it have not started.
  function armTimer(slot: Slot): void {
    slot.timer = setTimeout(() => down(slot, 'timeout'), timeoutMs);
  }

  /** A worker is gone or being killed: its message gets the headers-only result and a replacement starts. */
  function down(slot: Slot, reason: string): void {
    const index = slots.indexOf(slot);
    if (index < 0) return;
    slots.splice(index, 1);
    clearTimeout(slot.timer);
    void slot.worker.terminate();
    const [culprit, ...waiting] = slot.jobs;
    // The message being parsed is the one that timed out or crashed the worker; the others get another go.
    queue.unshift(...waiting);
    if (culprit) culprit.resolve(headersOnlyOf(culprit.input, reason));
    else if (!slot.ready && (!everReady || ++bootFailures >= MAX_BOOT_FAILURES)) return fallBackToInProcess();
    dispatch();
  }

  // Workers that never start are a deployment problem (e.g. a bundle without the worker entry), not a
  // message problem: rather than leave mail unsynced, parse in process, without the time and memory bounds.
  function fallBackToInProcess(): void {
    mode = 'in-process';
    for (const slot of slots.splice(0)) {
      clearTimeout(slot.timer);
      queue.unshift(...slot.jobs);
      void slot.worker.terminate();
    }
    dispatch();
  }

  function submit(input: ParseInput): Promise<ParsedMessage> {
    if (closed) return Promise.reject(new AppError('unavailable', { message: 'Parse pool is closed' }));
    if (inputBytes(input) > maxMessageBytes) return Promise.resolve(headersOnlyOf(input, 'too large'));
    return new Promise<ParsedMessage>((resolve, reject) => {
      queue.push({ id: nextJobId++, input, resolve, reject });
      dispatch();
    });
  }

  return {
    get mode() {
      return mode;
    },
    parse(raw) {
      return submit({ kind: 'source', raw });
    },
    parseParts(input) {
      return submit({ kind: 'parts', ...input });
    },
    async close() {
      closed = true;
      const error = new AppError('unavailable', { message: 'Parse pool closed while parsing' });
      for (const job of queue.splice(0)) job.reject(error);
      const stopping = slots.splice(0);
      for (const slot of stopping) {
        clearTimeout(slot.timer);
        for (const job of slot.jobs) job.reject(error);
      }
      await Promise.all(stopping.map((slot) => slot.worker.terminate()));
    },
  };
}

function parseInProcess(input: ParseInput, timeoutMs: number): Promise<ParsedMessage> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<ParsedMessage>((resolve) => {
    timer = setTimeout(() => resolve(headersOnlyOf(input, 'timeout')), timeoutMs);
  });
  return Promise.race([parseInput(input), timeout]).finally(() => clearTimeout(timer));
}
