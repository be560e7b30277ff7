import { Worker, type ResourceLimits } from 'node:worker_threads';
import { workerFromSource } from '../../workers/worker-from-source';

/** Starts a thread running parse-worker.ts, from source or from the bundle (see worker-from-source.ts). */
export function startParseWorker(resourceLimits: ResourceLimits): Worker {
  const fromSource = workerFromSource(import.meta.url, 'parse-worker.ts');
  if (fromSource) return new Worker(fromSource, { resourceLimits });
  return new Worker(new URL('./parse-worker.ts', import.meta.url), { resourceLimits });
}
