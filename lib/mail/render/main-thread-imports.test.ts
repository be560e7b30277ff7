import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The jsdom window must live only in the HTML workers (html-pool.ts): nothing the Next server, the job runner
// or the CLI runs on its main thread may import what makes it, not even to load it. Workers are started by
// URL (start-html-worker.ts), not imported, so this walk of value imports never reaches them from a root.
const ROOT = path.resolve(import.meta.dirname, '../../..');
const ROOTS = ['app', 'components', 'server', 'lib/jobs', 'cli'];
const FORBIDDEN_FILES = new Set(['lib/mail/render/dom-window.ts', 'lib/mail/render/run-html-job.ts']);
const FORBIDDEN_PACKAGES = new Set(['jsdom', 'dompurify']);
// Value imports and re-exports, static or dynamic; `import type` / `export type` are erased and do not count.
const IMPORT =
  /(?:^|[;\n])\s*(?:import|export)(?!\s+type[\s{])(?:[^'"`;]*?\sfrom)?\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

function sourceFiles(dir: string): string[] {
  const full = path.join(ROOT, dir);
  if (!existsSync(full)) return [];
  return readdirSync(full, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.tsx?$/.test(file) && !/\.(?:test|spec)\.tsx?$/.test(file))
    .map((file) => path.join(dir, file));
}

function resolve(from: string, specifier: string): { file: string } | { pkg: string } | null {
  if (!specifier.startsWith('.') && !specifier.startsWith('@/')) {
    const parts = specifier.split('/');
    return { pkg: specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier) };
  }
  const base = specifier.startsWith('@/')
    ? path.join(ROOT, specifier.slice(2))
    : path.resolve(ROOT, path.dirname(from), specifier);
  for (const candidate of [
    base,
    `${base}.ts`,
    `${base}.tsx`,
    path.join(base, 'index.ts'),
    path.join(base, 'index.tsx'),
  ]) {
    if (existsSync(candidate) && statSync(candidate).isFile() && /\.tsx?$/.test(candidate))
      return { file: path.relative(ROOT, candidate) };
  }
  return null;
}

/** For each forbidden module reachable from the roots, one chain of imports that reaches it. */
function forbiddenChains(): string[] {
  const parent = new Map<string, string | null>();
  const queue = ROOTS.flatMap(sourceFiles);
  for (const file of queue) parent.set(file, null);
  const chains: string[] = [];
  const chainTo = (file: string, last: string) => {
    const chain = [last];
    for (let at: string | null | undefined = file; at; at = parent.get(at)) chain.unshift(at);
    return chain.join(' → ');
  };
  for (let index = 0; index < queue.length; index++) {
    const file = queue[index]!;
    if (FORBIDDEN_FILES.has(file)) chains.push(chainTo(parent.get(file) ?? file, file));
    const source = readFileSync(path.join(ROOT, file), 'utf8');
    for (const match of source.matchAll(IMPORT)) {
      const target = resolve(file, match[1] ?? match[2] ?? '');
      if (target && 'pkg' in target && FORBIDDEN_PACKAGES.has(target.pkg)) chains.push(chainTo(file, target.pkg));
      if (target && 'file' in target && !parent.has(target.file)) {
        parent.set(target.file, file);
        queue.push(target.file);
      }
    }
  }
  return chains;
}

describe('the main thread', () => {
  it('never imports the DOM the sanitizers use', () => {
    expect(forbiddenChains()).toEqual([]);
  });

  it('is checked by a walk that does find such an import', () => {
    // The walk itself, on the worker's entry: it must reach jsdom, or the test above proves nothing.
    const source = readFileSync(path.join(ROOT, 'lib/mail/render/html-worker.ts'), 'utf8');
    const imported = [...source.matchAll(IMPORT)].map((match) => match[1] ?? match[2]);
    expect(imported).toContain('./run-html-job');
    expect(resolve('lib/mail/render/html-worker.ts', './run-html-job')).toEqual({
      file: 'lib/mail/render/run-html-job.ts',
    });
    expect(resolve('lib/mail/render/dom-window.ts', 'jsdom')).toEqual({ pkg: 'jsdom' });
    expect([...'import type { X } from "./a"; export type { Y } from "./b";'.matchAll(IMPORT)]).toEqual([]);
    expect(
      [...'import { type X, y } from "./a";\nexport { z } from "./b";'.matchAll(IMPORT)].map((match) => match[1]),
    ).toEqual(['./a', './b']);
  });
});
