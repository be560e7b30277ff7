import { Worker, type ResourceLimits } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors';
import type { TestJob } from './fixtures/test-jobs-worker';
import { workerFromSource } from './worker-from-source';
import { createWorkerPool, type WorkerPoolOptions } from './worker-pool';

const FIXTURE = new URL('./fixtures/test-jobs-worker.ts', import.meta.url).href;
const starts: string[] = [];
function startTestWorker(resourceLimits: ResourceLimits): Worker {
  starts.push('worker');
  return new Worker(workerFromSource(FIXTURE, 'test-jobs-worker.ts')!, { resourceLimits });
}

function testPool(options: Partial<WorkerPoolOptions<TestJob, string>> = {}) {
  return createWorkerPool<TestJob, string>({
    name: 'Test',
    start: startTestWorker,
    size: 1,
    timeoutMs: 10_000,
    resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 4 },
    inFlightPerWorker: 1,
    fallback: (_, reason) => `fallback: ${reason}`,
    runInProcess: (job) => Promise.resolve(`in process: ${JSON.stringify(job)}`),
    ...options,
  });
}

describe('createWorkerPool', () => {
  it('runs jobs in worker threads and answers each caller with its own result', async () => {
    const pool = testPool({ size: 2, inFlightPerWorker: 3 });
    try {
      const names = Array.from({ length: 20 }, (_, i) => `job ${i}`);
      expect(await Promise.all(names.map((echo) => pool.run({ echo })))).toEqual(names.map((name) => `echo ${name}`));
      expect(pool.mode).toBe('workers');
    } finally {
      await pool.close();
    }
  });

  it('kills a worker past the timeout, answers with the fallback and carries on with a new worker', async () => {
    const pool = testPool({ timeoutMs: 200 });
    try {
      expect(await pool.run({ echo: 'warm' })).toBe('echo warm');
      const before = starts.length;
      const started = Date.now();
      expect(await pool.run({ spinMs: 60_000 })).toBe('fallback: timeout');
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(await pool.run({ echo: 'after' })).toBe('echo after');
      expect(starts.length).toBe(before + 1);
      // A job's own time limit overrides the pool's.
      expect(await pool.run({ spinMs: 300 }, 5_000)).toBe('spun');
    } finally {
      await pool.close();
    }
  });

  it('survives a worker running out of memory', async () => {
    const pool = testPool({ resourceLimits: { maxOldGenerationSizeMb: 32, maxYoungGenerationSizeMb: 4 } });
    try {
      expect(await pool.run({ exhaustHeap: true })).toMatch(/^fallback: worker crashed: .*memory/);
      expect(await pool.run({ echo: 'after the crash' })).toBe('echo after the crash');
    } finally {
      await pool.close();
    }
  });

  it('answers a job that throws with the fallback, without losing the worker', async () => {
    const pool = testPool();
    try {
      expect(await pool.run({ echo: 'first' })).toBe('echo first');
      const before = starts.length;
      expect(await pool.run({ fail: 'bad input' })).toBe('fallback: failed: bad input');
      expect(await pool.run({ echo: 'next' })).toBe('echo next');
      expect(starts.length).toBe(before);
    } finally {
      await pool.close();
    }
  });

  it('gives the jobs waiting behind a crashed job another go', async () => {
    const pool = testPool({ timeoutMs: 300, inFlightPerWorker: 4 });
    try {
      const results = await Promise.all([
        pool.run({ spinMs: 60_000 }),
        pool.run({ echo: 'a' }),
        pool.run({ echo: 'b' }),
      ]);
      expect(results).toEqual(['fallback: timeout', 'echo a', 'echo b']);
    } finally {
      await pool.close();
    }
  });

  it('runs jobs in process when workers cannot start at all, and answers prechecked jobs without a worker', async () => {
    const broken = testPool({ start: () => new Worker('process.exit(3)', { eval: true }) });
    try {
      expect(await broken.run({ echo: 'x' })).toBe('in process: {"echo":"x"}');
      expect(broken.mode).toBe('in-process');
    } finally {
      await broken.close();
    }
    const checked = testPool({ precheck: (job) => ('echo' in job && job.echo.length > 3 ? 'too long' : undefined) });
    try {
      expect(await checked.run({ echo: 'long one' })).toBe('too long');
    } finally {
      await checked.close();
    }
  });

  it('starts its workers ahead of the first job when asked', async () => {
    const pool = testPool({ size: 2 });
    try {
      const before = starts.length;
      pool.prestart();
      pool.prestart();
      expect(starts.length).toBe(before + 2);
      expect(await Promise.all([pool.run({ echo: 'a' }), pool.run({ echo: 'b' })])).toEqual(['echo a', 'echo b']);
      expect(starts.length).toBe(before + 2);
    } finally {
      await pool.close();
    }
  });

  it('refuses work once closed', async () => {
    const pool = testPool();
    await pool.close();
    const error = await pool.run({ echo: 'late' }).catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe('unavailable');
  });
});
