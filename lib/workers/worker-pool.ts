import type { ResourceLimits, Worker } from 'node:worker_threads';
import { AppError } from '../errors';
import type { JobReply, JobRequest } from './serve-jobs';

export type WorkerPoolOptions<In, Out> = {
  /** Names the pool in its errors ("Parse pool is closed"). */
  name: string;
  /** Starts one thread running the pool's entry, a module that calls serveJobs. */
  start(resourceLimits: ResourceLimits): Worker;
  size: number;
  /** Per job, from when its worker starts on it; past it the worker is killed and the job gets the fallback. */
  timeoutMs: number;
  /** Of each worker: a job that needs more crashes only its worker. */
  resourceLimits: ResourceLimits;
  /** Jobs handed to one worker at a time, so it never idles while the calling thread is busy elsewhere. */
  inFlightPerWorker: number;
  /** The answer for a job that timed out, crashed its worker or threw; `reason` says which. */
  fallback(input: In, reason: string): Out;
  /** An answer that needs no worker (an input over a size limit, say), or undefined to run the job. */
  precheck?(input: In): Out | undefined;
  /** The job on the calling thread: when asked for (`inProcess`), or when workers cannot be started at all. */
  runInProcess(input: In): Promise<Out>;
  inProcess?: boolean;
};

export type WorkerPool<In, Out> = {
  /**
   * Never rejects for a bad input: a timeout or crash gives the fallback. Rejects once the pool is closed.
   * `timeoutMs` overrides the pool's for this job.
   */
  run(input: In, timeoutMs?: number): Promise<Out>;
  /** Starts the workers before the first job needs them (idle, they do not keep the process alive). */
  prestart(): void;
  close(): Promise<void>;
  readonly mode: 'workers' | 'in-process';
};

type Job<In, Out> = {
  id: number;
  input: In;
  timeoutMs: number;
  resolve(result: Out): void;
  reject(error: Error): void;
};
// `jobs` are in flight in the worker's own queue, run in order; the timer watches the first of them.
type Slot<In, Out> = { worker: Worker; ready: boolean; jobs: Array<Job<In, Out>>; timer?: NodeJS.Timeout };

const BOOT_TIMEOUT_MS = 30_000;
const MAX_BOOT_FAILURES = 3;
let nextJobId = 1;

/** Worker threads that run one kind of job with a time and a memory bound, replaced when they die. */
export function createWorkerPool<In, Out>(options: WorkerPoolOptions<In, Out>): WorkerPool<In, Out> {
  const size = Math.max(1, options.size);
  let mode: WorkerPool<In, Out>['mode'] = options.inProcess ? 'in-process' : 'workers';
  let closed = false;
  let everReady = false;
  let bootFailures = 0;
  const queue: Array<Job<In, Out>> = [];
  const slots: Array<Slot<In, Out>> = [];

  function dispatch(): void {
    if (mode === 'in-process') {
      for (const job of queue.splice(0)) void runInProcess(job).then(job.resolve, job.reject);
      return;
    }
    for (const slot of slots) {
      while (slot.ready && slot.jobs.length < options.inFlightPerWorker && queue.length > 0) run(slot, queue.shift()!);
    }
    const booting = slots.filter((slot) => !slot.ready).length;
    for (let missing = Math.min(queue.length - booting, size - slots.length); missing > 0; missing--) spawn();
  }

  function spawn(): void {
    let worker: Worker;
    try {
      worker = options.start(options.resourceLimits);
    } catch {
      return fallBackToInProcess();
    }
    const slot: Slot<In, Out> = { worker, ready: false, jobs: [] };
    slot.timer = setTimeout(() => down(slot, 'worker did not start'), BOOT_TIMEOUT_MS);
    slots.push(slot);
    worker.unref();
    worker.on('message', (reply: JobReply<Out>) => {
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
        job.resolve(reply.type === 'result' ? reply.result : options.fallback(job.input, reply.reason));
      }
      dispatch();
    });
    worker.on('error', (error) => down(slot, `worker crashed: ${error.message}`));
    worker.on('exit', (code) => down(slot, `worker crashed: exit code ${code}`));
  }

  function run(slot: Slot<In, Out>, job: Job<In, Out>): void {
    slot.jobs.push(job);
    slot.worker.ref();
    // Cloned, not transferred: the caller's buffers may be views into larger pooled buffers, which must not be
    // detached, and they are still needed for the fallback.
    slot.worker.postMessage({ id: job.id, input: job.input } satisfies JobRequest<In>);
    if (slot.jobs.length === 1) armTimer(slot);
  }

  // Only the job being run is on the clock; the ones queued behind it have not started.
  function armTimer(slot: Slot<In, Out>): void {
    slot.timer = setTimeout(() => down(slot, 'timeout'), slot.jobs[0]?.timeoutMs ?? options.timeoutMs);
  }

  /** A worker is gone or being killed: its job gets the fallback and a replacement starts. */
  function down(slot: Slot<In, Out>, reason: string): void {
    const index = slots.indexOf(slot);
    if (index < 0) return;
    slots.splice(index, 1);
    clearTimeout(slot.timer);
    void slot.worker.terminate();
    const [culprit, ...waiting] = slot.jobs;
    // The job being run is the one that timed out or crashed the worker; the others get another go.
    queue.unshift(...waiting);
    if (culprit) culprit.resolve(options.fallback(culprit.input, reason));
    else if (!slot.ready && (!everReady || ++bootFailures >= MAX_BOOT_FAILURES)) return fallBackToInProcess();
    dispatch();
  }

  // Workers that never start are a deployment problem (e.g. a bundle without the worker entry), not a problem
  // of one input: rather than fail every job, run them in process (without the time and memory bounds).
  function fallBackToInProcess(): void {
    mode = 'in-process';
    for (const slot of slots.splice(0)) {
      clearTimeout(slot.timer);
      queue.unshift(...slot.jobs);
      void slot.worker.terminate();
    }
    dispatch();
  }

  // On the calling thread a timeout only stops the waiting, not the work.
  function runInProcess(job: Job<In, Out>): Promise<Out> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<Out>((resolve) => {
      timer = setTimeout(() => resolve(options.fallback(job.input, 'timeout')), job.timeoutMs);
    });
    return Promise.race([options.runInProcess(job.input), timeout]).finally(() => clearTimeout(timer));
  }

  return {
    get mode() {
      return mode;
    },
    run(input, timeoutMs = options.timeoutMs) {
      if (closed) return Promise.reject(new AppError('unavailable', { message: `${options.name} pool is closed` }));
      const early = options.precheck?.(input);
      if (early !== undefined) return Promise.resolve(early);
      return new Promise<Out>((resolve, reject) => {
        queue.push({ id: nextJobId++, input, timeoutMs, resolve, reject });
        dispatch();
      });
    },
    prestart() {
      if (closed || mode === 'in-process') return;
      for (let missing = size - slots.length; missing > 0 && mode === 'workers'; missing--) spawn();
    },
    async close() {
      closed = true;
      const error = new AppError('unavailable', { message: `${options.name} pool closed while working` });
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
