// Used by bench/first-row.ts: what the server sends for GET /mail, seen without a browser. A document load
// (Sec-Fetch-Dest: document, as a browser sends it) with a session cookie, read chunk by chunk: the time to the
// first byte and to the whole page, and whether the first list row is in the shell (the first flush, painted
// at once) or in a streamed Suspense boundary (`<div hidden id="S:n">`, revealed by React's $RC script, which
// holds a boundary revealed after another until 300 ms after the previous reveal). BENCH_FIRST_ROW_HTML=<file>
// also writes the HTML of the last load to that file.
import { writeFileSync } from 'node:fs';
import type { Server } from './next-server';

export type HtmlLoad = { firstByteMs: number; totalMs: number; html: string; firstChunk: string };

async function load(server: Server, page: string, cookie: string): Promise<HtmlLoad> {
  const started = performance.now();
  const response = await fetch(`${server.base}${page}`, {
    headers: { cookie, 'sec-fetch-dest': 'document', 'sec-fetch-mode': 'navigate', 'accept-encoding': 'identity' },
    redirect: 'manual',
  });
  if (response.status !== 200 || !response.body) throw new Error(`GET ${page} answered ${response.status}`);
  const decoder = new TextDecoder();
  let firstByteMs = Number.NaN;
  let firstChunk = '';
  let html = '';
  const reader = response.body.getReader();
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    if (Number.isNaN(firstByteMs)) firstByteMs = performance.now() - started;
    const text = decoder.decode(chunk.value, { stream: true });
    if (!firstChunk) firstChunk = text;
    html += text;
  }
  return { firstByteMs, totalMs: performance.now() - started, html, firstChunk };
}

/** Where the first row is: in the shell, in a streamed boundary (its id), or nowhere. */
export function firstRowPlace(html: string): { place: 'shell' | 'streamed' | 'absent'; boundary?: string } {
  const row = html.search(/role="row"/);
  if (row < 0) return { place: 'absent' };
  const before = html.slice(0, row);
  const segment = [...before.matchAll(/<div hidden id="(S:[^"]+)">/g)].at(-1);
  return segment ? { place: 'streamed', boundary: segment[1] } : { place: 'shell' };
}

export async function inspectFirstFlush(server: Server, page: string, cookie: string, runs = 15) {
  const loads: HtmlLoad[] = [];
  for (let i = 0; i < runs + 1; i++) loads.push(await load(server, page, cookie));
  const measured = loads.slice(1);
  const last = measured.at(-1)!;
  if (process.env.BENCH_FIRST_ROW_HTML) writeFileSync(process.env.BENCH_FIRST_ROW_HTML, last.html);
  const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
  const p50 = (values: number[]) => sorted(values)[Math.floor(values.length / 2)]!;
  return {
    firstByteMs: p50(measured.map((l) => l.firstByteMs)),
    totalMs: p50(measured.map((l) => l.totalMs)),
    row: firstRowPlace(last.html),
    rowInFirstChunk: /role="row"/.test(last.firstChunk),
    boundaries: [...last.html.matchAll(/<template id="(B:[^"]+)"/g)].map((m) => m[1]!),
    bytes: last.html.length,
  };
}
