import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHtmlPool, type HtmlPool } from './html-pool';
import { TOO_COMPLEX_NOTE, TOO_COMPLEX_NOTICE } from './plain-text-fallback';
import { largeHostileHtml, nestedDivs, slowWithinBounds } from './test-fixtures/hostile-html';

const TOKEN = 'ab'.repeat(16);
const message = (html: string, more: { textBody?: string | null; allowRemoteImages?: boolean } = {}) => ({
  html,
  textBody: more.textBody ?? null,
  allowRemoteImages: more.allowRemoteImages ?? false,
  inlineImages: [['logo@example.test', 7]] as Array<[string, number]>,
  placeholderToken: TOKEN,
});

describe('createHtmlPool', () => {
  let pool: HtmlPool;
  beforeAll(async () => {
    pool = createHtmlPool({ size: 2 });
    // Starting a worker from TypeScript source takes a second or more; the timings below are of warm workers.
    await Promise.all([pool.renderMessage(message('<p>warm</p>')), pool.renderMessage(message('<p>warm</p>'))]);
  });
  afterAll(() => pool.close());

  it('sanitizes in worker threads, many jobs at once, each caller getting its own result', async () => {
    const jobs = Array.from({ length: 12 }, (_, i) =>
      pool.renderMessage(
        message(
          `<p onclick="x()">message ${i}<img src="https://t.example/${i}.gif"><img src="cid:logo@example.test"></p>`,
        ),
      ),
    );
    const results = await Promise.all(jobs);
    results.forEach((result, i) => {
      expect(result).toMatchObject({
        blockedImages: 1,
        hasRemoteContent: true,
        asText: false,
        usesPlaceholders: true,
        failure: null,
      });
      expect(result.html).toBe(`<p>message ${i}<img><img src="https://cid.invalid/${TOKEN}/a7"></p>`);
    });
    const [outgoing, quote] = await Promise.all([
      pool.sanitizeOutgoing('<p style="x">Hi <b>there</b><script>alert(1)</script></p>'),
      pool.quoteBody({ html: null, textBody: 'line <1>\n> line 2' }),
    ]);
    expect(outgoing).toEqual({ html: '<p>Hi <b>there</b></p>', text: 'Hi there', asText: false });
    expect(quote).toEqual({
      html: 'line &lt;1&gt;<br>\n&gt; line 2',
      text: 'line <1>\n> line 2',
      quotedText: '> line <1>\n>> line 2',
      asText: false,
    });
  });

  it('shows and quotes hostile messages as text with a notice, quickly, without blocking the event loop', async () => {
    const nested = nestedDivs();
    const large = largeHostileHtml();
    const slow = slowWithinBounds();
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const started = performance.now();
    const timed = <T>(job: Promise<T>) => job.then((result) => ({ result, ms: performance.now() - started }));
    const [nestedView, largeView, slowView, nestedQuote, largeQuote] = await Promise.all([
      timed(pool.renderMessage(message(nested))),
      timed(pool.renderMessage(message(large))),
      // As slow as the bounds allow: sanitized, or past the time limit and shown as text, in time either way.
      timed(pool.renderMessage(message(slow))),
      timed(pool.quoteBody({ html: nested, textBody: null })),
      timed(pool.quoteBody({ html: large, textBody: 'The text part.' })),
    ]);
    delay.disable();
    expect(nestedView.result).toMatchObject({
      asText: true,
      failure: null,
      html: `${TOO_COMPLEX_NOTE}<div style="white-space: pre-wrap">deep</div>`,
    });
    expect(largeView.result).toMatchObject({ asText: true, failure: null, blockedImages: 0 });
    expect(largeView.result.html.startsWith(TOO_COMPLEX_NOTE)).toBe(true);
    expect(largeView.result.html).toContain('x0 y x1 y');
    const slowHtml = slowView.result.html;
    expect(
      slowView.result.failure === 'timeout'
        ? slowHtml.startsWith(TOO_COMPLEX_NOTE)
        : slowHtml.startsWith('<table><tbody><tr><td style="padding: 1px; color: #333">'),
    ).toBe(true);
    expect(nestedQuote.result).toEqual({ html: 'deep', text: 'deep', quotedText: '> deep', asText: true });
    expect(largeQuote.result).toEqual({
      html: 'The text part.',
      text: 'The text part.',
      quotedText: '> The text part.',
      asText: true,
    });
    for (const job of [nestedView, largeView, nestedQuote, largeQuote]) expect(job.ms).toBeLessThan(1_500);
    expect(slowView.ms).toBeLessThan(2_000);
    // Generous: a functional property (nothing heavy on this thread), not a benchmark.
    expect(delay.max / 1e6).toBeLessThan(200);
  });

  it('answers a job over the time limit as text with a notice, and replaces the worker', async () => {
    const strict = createHtmlPool({ size: 1, timeoutMs: 100, plainTextTimeoutMs: 10_000 });
    try {
      const slow = await strict.renderMessage(message(slowWithinBounds(), { textBody: 'What the sender wrote.' }));
      expect(slow).toMatchObject({ failure: 'timeout', asText: true, blockedImages: 0, usesPlaceholders: false });
      expect(slow.html).toBe(`${TOO_COMPLEX_NOTE}<div style="white-space: pre-wrap">What the sender wrote.</div>`);
      expect(await strict.sanitizeOutgoing('<p>next</p>')).toEqual({
        html: '<p>next</p>',
        text: 'next',
        asText: false,
      });
    } finally {
      await strict.close();
    }
  });

  it('answers a job that exhausts the worker heap as text, and carries on', { timeout: 90_000 }, async () => {
    const small = createHtmlPool({ size: 1, maxOldGenerationSizeMb: 80, timeoutMs: 60_000 });
    try {
      expect((await small.renderMessage(message('<p>fits</p>'))).failure).toBeNull();
      const big = Array.from(
        { length: 5_000 },
        () => `<p title="${'t'.repeat(300)}" class="${'c'.repeat(100)}">${'word '.repeat(40)}</p>`,
      ).join('');
      const crashed = await small.renderMessage(message(big, { textBody: 'Its text.' }));
      expect(crashed.failure).toMatch(/^worker crashed: .*memory/);
      expect(crashed.html).toBe(`${TOO_COMPLEX_NOTE}<div style="white-space: pre-wrap">Its text.</div>`);
      expect((await small.renderMessage(message('<p>after</p>'))).html).toBe('<p>after</p>');
    } finally {
      await small.close();
    }
  });

  it('never sanitizes on the calling thread: without workers, jobs are answered without the HTML', async () => {
    const none = createHtmlPool({ inProcess: true });
    try {
      const view = await none.renderMessage(message('<p>secret <script>alert(1)</script></p>'));
      expect(view).toMatchObject({ asText: true, failure: 'no HTML workers', unavailable: true });
      expect(view.html).not.toMatch(/secret|script/);
      expect(await none.sanitizeOutgoing('<p>x</p>')).toBeNull();
      expect(TOO_COMPLEX_NOTICE).toMatch(/plain text/);
    } finally {
      await none.close();
    }
  });
});
