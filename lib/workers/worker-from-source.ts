/**
 * How a worker-pool thread starts, depending on how its starter module was loaded:
 *
 * - From TypeScript source (tsx CLI, vitest, `npm run worker`): Node 20 cannot load .ts, and tsx's loader does
 *   not follow into worker threads (its `--import` hook is inherited in execArgv but does not apply to the
 *   worker's entry; vitest's transform never does). So the thread starts from a tiny data: module that
 *   registers tsx's ESM hooks with `tsx/esm/api` and then imports the real entry. tsx is a runtime dependency.
 * - From a bundle (Next.js): `new Worker(new URL('./x-worker.ts', import.meta.url))` is the form bundlers
 *   recognise and emit as a separate JS entry, which Node runs as is (Turbopack in Next 16.4, both `next build`
 *   and `next dev`). The bundler needs that expression literally, so it stays in each starter module (see
 *   start-parse-worker.ts); if it fails in some other setup, the worker never reports ready and the pool falls
 *   back to running jobs in process (see worker-pool.ts).
 *
 * Returns the URL to start the worker from in the first case, or null in the second.
 */
export function workerFromSource(starterUrl: string, entryFile: string): URL | null {
  // Bundlers keep `import.meta.url` pointing at the .ts source (Turbopack does) but provide no
  // `import.meta.resolve`, which Node, tsx and vitest all do: that tells the two cases apart.
  if (!starterUrl.endsWith('.ts') || typeof import.meta.resolve !== 'function') return null;
  // Built by string, not `new URL(literal, import.meta.url)`, so a bundler does not mistake it for an asset.
  const entry = starterUrl.replace(/[^/]*$/, entryFile);
  // The ESM build of the API: tsx's CommonJS build of it cannot register hooks from an ES module.
  const api = import.meta.resolve('tsx/esm/api');
  const code = [
    `const { register } = await import(${JSON.stringify(api)});`,
    'register();',
    `await import(${JSON.stringify(entry)});`,
  ].join('\n');
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}
