// Used by bench/web.ts: the JavaScript a browser downloads on its first visit to a page of the production
// build, gzipped, and (when its route exists) the list endpoint's latency over HTTP. Measured the way a
// browser sees it: `next start` on a free port, the page fetched with a signed-in session cookie, every
// `<script src>` of its HTML fetched and gzipped. The same server then answers the webmail's endpoints. Build manifests change shape between Next.js versions;
// the HTML does not lie about what is loaded.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Db } from '@/db/client';
import { ensureBuild, sessionCookie, startNext, type Server } from './next-server';
import type { WebFixture } from './web-seed';

export type FirstLoad =
  | {
      ok: true;
      page: string;
      status: number;
      finalPath: string;
      scripts: number;
      nomodule: string[];
      rawBytes: number;
      gzipBytes: number;
      largest: Array<{ src: string; gzipBytes: number }>;
    }
  | { ok: false; page: string; reason: string };

export type HttpTiming = { name: string; target: number } & (
  | { p50: number; p95: number; max: number; runs: number }
  | { skipped: string }
);

/**
 * The external scripts of a page, without `nomodule` ones: browsers that run modules (all current ones) skip
 * those without downloading them, and Next.js's own first-load figure leaves its polyfills out for that reason.
 */
function scriptSources(html: string): { sources: string[]; skipped: string[] } {
  const sources = new Set<string>();
  const skipped = new Set<string>();
  for (const match of html.matchAll(/<script\b([^>]*)>/gi)) {
    const attributes = match[1]!;
    const src = /\bsrc="([^"]+)"/i.exec(attributes)?.[1]?.replaceAll('&amp;', '&');
    if (!src) continue;
    (/\bnomodule\b/i.test(attributes) ? skipped : sources).add(src);
  }
  return { sources: [...sources], skipped: [...skipped] };
}

export async function measurePage(server: Server, page: string, cookie: string): Promise<FirstLoad> {
  const response = await fetch(`${server.base}${page}`, { headers: { cookie }, redirect: 'manual' });
  let finalPath = page;
  let html: string;
  let status = response.status;
  if (status >= 300 && status < 400) {
    // Followed once without the session: whatever the visitor lands on is what they load.
    finalPath = new URL(response.headers.get('location') ?? '/', server.base).pathname;
    const next = await fetch(`${server.base}${finalPath}`, { headers: { cookie } });
    status = next.status;
    html = await next.text();
  } else {
    html = await response.text();
  }
  if (status !== 200) return { ok: false, page, reason: `GET ${finalPath} answered ${status}` };
  const { sources, skipped } = scriptSources(html);
  const chunks = await Promise.all(
    sources.map(async (src) => {
      const body = Buffer.from(await (await fetch(new URL(src, server.base))).arrayBuffer());
      // Level 9, as Next.js's own size report (gzip-size) used; servers usually compress at 6, a few % larger.
      return { src, rawBytes: body.length, gzipBytes: gzipSync(body, { level: 9 }).length };
    }),
  );
  return {
    ok: true,
    page,
    status,
    finalPath,
    scripts: chunks.length,
    nomodule: skipped,
    rawBytes: chunks.reduce((sum, c) => sum + c.rawBytes, 0),
    gzipBytes: chunks.reduce((sum, c) => sum + c.gzipBytes, 0),
    largest: [...chunks]
      .sort((a, b) => b.gzipBytes - a.gzipBytes)
      .slice(0, 5)
      .map(({ src, gzipBytes }) => ({ src, gzipBytes })),
  };
}

/** The webmail's endpoints over HTTP, those whose route exists in this tree (measured against the build). */
async function measureEndpoints(
  server: Server,
  cookie: string,
  fixture: WebFixture,
  runs: number,
): Promise<HttpTiming[]> {
  const endpoints = [
    { name: `GET /api/mail/messages?folder=${fixture.bigFolderId}`, route: 'app/api/mail/messages', target: 20 },
    {
      name: `GET /api/mail/messages?folder=${fixture.bigFolderId}&q=meeting`,
      route: 'app/api/mail/messages',
      target: 100,
    },
    { name: 'GET /api/mail/folders', route: 'app/api/mail/folders', target: 10 },
  ];
  const timings: HttpTiming[] = [];
  for (const endpoint of endpoints) {
    const { name, target } = endpoint;
    if (!['route.ts', 'route.tsx'].some((f) => existsSync(path.join(endpoint.route, f)))) {
      timings.push({ name, target, skipped: `no ${endpoint.route} route in this tree` });
      continue;
    }
    const url = `${server.base}${name.slice('GET '.length)}`;
    const once = async () => {
      const response = await fetch(url, { headers: { cookie } });
      await response.arrayBuffer();
      return response.status;
    };
    const status = await once();
    if (status !== 200) {
      timings.push({
        name,
        target,
        skipped: `answered ${status} (the build may predate the route; rebuild with --build)`,
      });
      continue;
    }
    for (let i = 0; i < 20; i++) await once();
    // Same budget rule as the database cases: stop after 60 s once 30 runs are in.
    const samples: number[] = [];
    const started = performance.now();
    for (let i = 0; i < runs && (i < 30 || performance.now() - started < 60_000); i++) {
      const t = performance.now();
      await once();
      samples.push(performance.now() - t);
    }
    samples.sort((a, b) => a - b);
    const at = (p: number) => samples[Math.min(samples.length - 1, Math.ceil((p / 100) * samples.length) - 1)]!;
    timings.push({ name, target, p50: at(50), p95: at(95), max: samples.at(-1)!, runs: samples.length });
  }
  return timings;
}

export async function measureFrontend(
  db: Db,
  fixture: WebFixture,
  options: { page: string; build: boolean; runs: number; databaseUrl: string; log: (message: string) => void },
): Promise<{ firstLoad: FirstLoad; http: HttpTiming[] }> {
  const build = ensureBuild(options.build, options.log);
  if (!build.ok) return { firstLoad: { ok: false, page: options.page, reason: build.reason }, http: [] };
  let server: Server;
  try {
    server = await startNext(options.databaseUrl, options.log);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { firstLoad: { ok: false, page: options.page, reason }, http: [] };
  }
  try {
    const cookie = await sessionCookie(db, fixture);
    const firstLoad = await measurePage(server, options.page, cookie);
    const http = await measureEndpoints(server, cookie, fixture, options.runs);
    return { firstLoad, http };
  } finally {
    await server.stop();
  }
}
