import { cp, rm } from 'node:fs/promises';
import path from 'node:path';
import { build, type Plugin } from 'esbuild';

/** Thread entries started with `new Worker(new URL('./x-worker.ts', import.meta.url))` (see worker-from-source.ts). */
const THREAD_ENTRIES = ['lib/mail/parse/parse-worker.ts', 'lib/mail/render/html-worker.ts'];

/**
 * Compiles entry scripts (the background worker, a bench's import) to plain JavaScript for Node, so a
 * production process and its threads run without tsx: no TypeScript compiler in memory, in each thread too.
 * Every thread entry is emitted beside the scripts, and the starters' `./x-worker.ts` URLs are pointed at the
 * compiled `./x-worker.mjs`. Packages stay in node_modules; the migrations are copied, since db/migrate.ts finds
 * them beside itself.
 */
export async function bundleForNode(options: { entries: string[]; outdir: string; root?: string }): Promise<void> {
  const root = options.root ?? process.cwd();
  await rm(options.outdir, { recursive: true, force: true });
  await build({
    absWorkingDir: root,
    entryPoints: [...options.entries, ...THREAD_ENTRIES].map((entry) => ({
      in: entry,
      out: path.basename(entry, '.ts'),
    })),
    outdir: options.outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    // Bundled CommonJS helpers call require(); an ES module has none of its own.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    logLevel: 'warning',
    plugins: [compiledThreadEntries],
  });
  await cp(path.join(root, 'db', 'migrations'), path.join(options.outdir, 'migrations'), { recursive: true });
}

const compiledThreadEntries: Plugin = {
  name: 'compiled-thread-entries',
  setup(context) {
    context.onLoad({ filter: /[\\/]start-[\w-]+-worker\.ts$/ }, async (args) => {
      const { readFile } = await import('node:fs/promises');
      const source = await readFile(args.path, 'utf8');
      const contents = source.replace(
        /new URL\('\.\/([\w-]+-worker)\.ts', import\.meta\.url\)/g,
        "new URL('./$1.mjs', import.meta.url)",
      );
      if (contents === source)
        throw new Error(`${args.path}: no new URL('./x-worker.ts', import.meta.url) to point at its compiled entry`);
      return { contents, loader: 'ts' };
    });
  },
};
