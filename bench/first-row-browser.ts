// Used by bench/first-row.ts: one page load in Debian's Chromium (as playwright.config.ts drives it), timed in
// the page itself. An init script, installed before any of the page's own code, watches the DOM from the first
// byte; once the row selector matches, the next animation frame (which runs only when the browser can render:
// after the stylesheets that block rendering) checks that the row has a box on screen and records
// performance.now(), which counts from the navigation's start. Both webmails are timed the same way.
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Cookie, type Page } from 'playwright';

export type LoadTiming = {
  firstRowMs: number;
  firstByteMs: number;
  firstPaintMs: number;
  // The HTML's last byte, and the parser done with it (before async scripts and hydration finish).
  lastByteMs: number;
  domInteractiveMs: number;
  requests: number;
  // The request that carried the list's rows, when the page asked for them after loading.
  list: { url: string; encoding: string; transferredBytes: number } | null;
};

declare global {
  interface Window {
    __firstRowAt?: number;
  }
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    // As playwright.config.ts: without these Chromium keeps calling Google's services, which this network refuses.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

// A string, not a function: tsx (esbuild keepNames) would wrap the inner functions in a helper the page lacks.
const watchFirstRow = (selector: string) => `(() => {
  const selector = ${JSON.stringify(selector)};
  let pending = false;
  const check = () => {
    pending = false;
    if (window.__firstRowAt !== undefined) return;
    const row = document.querySelector(selector);
    const box = row && row.getBoundingClientRect();
    if (box && box.height > 0 && box.width > 0 && box.top < innerHeight) window.__firstRowAt = performance.now();
    else schedule();
  };
  const schedule = () => {
    if (pending || window.__firstRowAt !== undefined) return;
    pending = true;
    requestAnimationFrame(check);
  };
  new MutationObserver(schedule).observe(document, { childList: true, subtree: true });
  schedule();
})();`;

/** A context with a desktop window, its own empty HTTP cache, and the given cookies (a signed-in session). */
export async function freshContext(browser: Browser, rowSelector: string, cookies: Cookie[]): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addCookies(cookies);
  await context.addInitScript({ content: watchFirstRow(rowSelector) });
  return context;
}

/** Loads (or reloads) `url` and waits for the first row; the list request is the first matching `listPattern`. */
export async function timedLoad(
  page: Page,
  url: string | 'reload',
  listPattern: RegExp,
  timeoutMs = 30_000,
): Promise<LoadTiming> {
  let requests = 0;
  let list: Promise<LoadTiming['list']> | null = null;
  const onRequest = () => requests++;
  const onResponse = (response: import('playwright').Response) => {
    if (list || !listPattern.test(response.url())) return;
    list = (async () => {
      await response.finished();
      const sizes = await response.request().sizes();
      const encoding = (await response.allHeaders())['content-encoding'] ?? 'identity';
      return { url: response.url(), encoding, transferredBytes: sizes.responseBodySize + sizes.responseHeadersSize };
    })().catch(() => null);
  };
  page.on('request', onRequest);
  page.on('response', onResponse);
  try {
    if (url === 'reload') await page.reload({ waitUntil: 'commit' });
    else await page.goto(url, { waitUntil: 'commit' });
    await page
      .waitForFunction(() => window.__firstRowAt !== undefined, null, { timeout: timeoutMs, polling: 50 })
      .catch(async (error: unknown) => {
        const shot = path.join(tmpdir(), `first-row-timeout-${Date.now()}.png`);
        await page.screenshot({ path: shot }).catch(() => {});
        throw new Error(`no inbox row on ${page.url()} within ${timeoutMs} ms (screenshot ${shot}): ${error}`);
      });
    const { firstRowMs, firstByteMs, firstPaintMs, lastByteMs, domInteractiveMs } = await page.evaluate(async () => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
      // The row is recorded in the frame before it is painted: the paint entry may not be there yet.
      const paint = await new Promise<number>((resolve) => {
        const timer = setTimeout(() => resolve(Number.NaN), 2_000);
        new PerformanceObserver((list, observer) => {
          const entry = list.getEntriesByName('first-contentful-paint')[0];
          if (!entry) return;
          clearTimeout(timer);
          observer.disconnect();
          resolve(entry.startTime);
        }).observe({ type: 'paint', buffered: true });
      });
      return {
        firstRowMs: window.__firstRowAt ?? Number.NaN,
        firstByteMs: nav?.responseStart ?? Number.NaN,
        firstPaintMs: paint,
        lastByteMs: nav?.responseEnd ?? Number.NaN,
        domInteractiveMs: nav?.domInteractive ?? Number.NaN,
      };
    });
    // What else the first screen sends, counted until 2 s after the first row (not until the network is idle:
    // Mailroom's live-mail stream stays open).
    await page.waitForTimeout(Math.max(0, firstRowMs + 2_000 - (await page.evaluate(() => performance.now()))));
    const listed = list ? await list : null;
    return { firstRowMs, firstByteMs, firstPaintMs, lastByteMs, domInteractiveMs, requests, list: listed };
  } finally {
    page.off('request', onRequest);
    page.off('response', onResponse);
  }
}

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
