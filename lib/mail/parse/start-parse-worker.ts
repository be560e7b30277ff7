import { Worker, type ResourceLimits } from 'node:worker_threads';

/**
 * Starts a thread running parse-worker.ts. Two ways, depending on how this module itself was loaded:
 *
 * - From TypeScript source (tsx CLI, vitest, `npm run worker`): Node 20 cannot load .ts, and tsx's loader does
 *   not follow into worker threads (its `--import` hook is inherited in execArgv but does not apply to the
 *   worker's entry; vitest's transform never does). So the thread starts from a tiny data: module that
 *   registers tsx's ESM hooks with `tsx/esm/api` and then imports the real entry. tsx is a runtime dependency.
 * - From a bundle (Next.js): `new Worker(new URL('./x.ts', import.meta.url))` is the form bundlers recognise
 *   and emit as a separate JS entry, which Node runs as is (Turbopack in Next 16.4, both `next build` and
 *   `next dev`). If that fails in some other setup, the worker never reports ready and the pool falls back to
 *   parsing in process (see parse-pool.ts).
 */
export function startParseWorker(resourceLimits: ResourceLimits): Worker {
  // Bundlers keep `import.meta.url` pointing at the .ts source (Turbopack does) but provide no
  // `import.meta.resolve`, which Node, tsx and vitest all do: that tells the two cases apart.
  const fromSource = import.meta.url.endsWith('.ts') && typeof import.meta.resolve === 'function';
  if (fromSource) return new Worker(tsxBootstrap(), { resourceLimits });
  return new Worker(new URL('./parse-worker.ts', import.meta.url), { resourceLimits });
}

function tsxBootstrap(): URL {
  // Built by string, not `new URL(literal, import.meta.url)`, so a bundler does not mistake it for an asset.
  const entry = import.meta.url.replace(/[^/]*$/, 'parse-worker.ts');
  // The ESM build of the API: tsx's CommonJS build of it cannot register hooks from an ES module.
  const api = import.meta.resolve('tsx/esm/api');
  const code = [
    `const { register } = await import(${JSON.stringify(api)});`,
    'register();',
    `await import(${JSON.stringify(entry)});`,
  ].join('\n');
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}
