import { availableParallelism } from 'node:os';
import { createWorkerPool, type WorkerPool } from '../../workers/worker-pool';
import type { HtmlJob, HtmlJobResult, MessageJob, MessageRender, OutgoingResult, QuotedBody } from './html-jobs';
import { MAX_HTML_LENGTH } from './plain-text-fallback';
import { startHtmlWorker } from './start-html-worker';

export type HtmlPoolOptions = {
  /** Worker threads; default min(2, CPUs). */
  size?: number;
  /**
   * Per job; past it the worker is killed and the job tried again as text, in at most half that time. Default
   * 1.2 s, so that even then a request is answered in under 2 s.
   */
  timeoutMs?: number;
  /** For that second try; default half of timeoutMs. */
  plainTextTimeoutMs?: number;
  /** Heap of each worker; a job that needs more crashes only its worker. Default 256 MB. */
  maxOldGenerationSizeMb?: number;
  /** No workers: every job is answered as failed (there is no DOM on the calling thread to sanitize with). */
  inProcess?: boolean;
};

/**
 * `failure`: why the worker gave no render (a timeout, a crash) and this is the text fallback; `unavailable`:
 * not even that could be had, and this is a note saying so.
 */
export type PooledRender = MessageRender & { failure: string | null; unavailable: boolean };

export type HtmlPool = {
  /** The message sanitized for the reading pane, or its text with a notice when that failed. Never rejects. */
  renderMessage(job: Omit<MessageJob, 'kind' | 'plainTextOnly'>): Promise<PooledRender>;
  /** HTML sanitized for sending, or its text when that failed; null if even that failed. */
  sanitizeOutgoing(html: string): Promise<OutgoingResult | null>;
  /** A message's body for a reply or forward (sanitized as outgoing HTML); null if even its text failed. */
  quoteBody(body: { html: string | null; textBody: string | null }): Promise<QuotedBody | null>;
  /** Starts the workers ahead of the first request, which would otherwise wait the second or so they take. */
  prestart(): void;
  close(): Promise<void>;
  readonly mode: 'workers' | 'in-process';
};

// Said in place of a message when even its text could not be had in time (the workers are overloaded).
const UNAVAILABLE_NOTE = '<p><em>This message could not be shown just now. Try again in a moment.</em></p>';

/**
 * The HTML sanitizers, in worker threads: jsdom and DOMPurify are too slow on hostile mail to run on the
 * server's main thread, where every other request waits. A job over its time or memory bound costs only its
 * worker and is tried once more as plain text (linear time); the caller always gets an answer.
 */
export function createHtmlPool(options: HtmlPoolOptions = {}): HtmlPool {
  const timeoutMs = options.timeoutMs ?? 1_200;
  const pool: WorkerPool<HtmlJob, HtmlJobResult> = createWorkerPool<HtmlJob, HtmlJobResult>({
    name: 'HTML',
    start: startHtmlWorker,
    size: options.size ?? Math.min(2, availableParallelism()),
    timeoutMs,
    // Bounded input (bound-html.ts: 2 MB, 6,000 elements) needs far less than the heap limit, which stays high
    // enough that no single allocation can hit it (see parse-pool.ts on nodejs/node#47224). A young generation
    // smaller than V8's default, but not the parse pool's 4 MB: jsdom makes a great many short-lived objects,
    // and 16 MB sanitized deep tables in about half the time 4 MB did.
    resourceLimits: { maxOldGenerationSizeMb: options.maxOldGenerationSizeMb ?? 256, maxYoungGenerationSizeMb: 16 },
    // One job per worker: a request waits in the pool's queue for whichever worker is free first, never
    // behind a slow job inside a busy one.
    inFlightPerWorker: 1,
    fallback: (_, reason) => ({ kind: 'failed', reason }),
    // Without workers there is no DOM to sanitize with: the jsdom window must never be made on this thread.
    runInProcess: () => Promise.resolve({ kind: 'failed', reason: 'no HTML workers' }),
    inProcess: options.inProcess,
  });

  // A failed job once more as text, then the caller's last resort; failures are answered, never thrown.
  async function run(job: HtmlJob): Promise<HtmlJobResult & { failure: string | null }> {
    const first = await pool.run(job);
    if (first.kind !== 'failed') return { ...first, failure: null };
    const second = await pool.run({ ...job, plainTextOnly: true }, options.plainTextTimeoutMs ?? timeoutMs / 2);
    return { ...second, failure: first.reason };
  }

  return {
    get mode() {
      return pool.mode;
    },
    async renderMessage(input) {
      // Only as much as is rendered crosses to the worker (bound-html.ts cuts there and notes the cut).
      const job: MessageJob = { kind: 'message', ...input, html: cap(input.html), textBody: capOrNull(input.textBody) };
      const result = await run(job);
      if (result.kind === 'message') return { ...result.render, failure: result.failure, unavailable: false };
      const failure = result.failure ?? 'unexpected answer';
      const nothing = {
        blockedImages: 0,
        hasRemoteContent: false,
        truncated: false,
        asText: true,
        usesPlaceholders: false,
      };
      return { html: UNAVAILABLE_NOTE, ...nothing, failure, unavailable: true };
    },
    async sanitizeOutgoing(html) {
      const result = await run({ kind: 'outgoing', html: cap(html) });
      return result.kind === 'outgoing' ? result.outgoing : null;
    },
    async quoteBody(body) {
      const result = await run({ kind: 'quote', html: capOrNull(body.html), textBody: capOrNull(body.textBody) });
      return result.kind === 'quote' ? result.quote : null;
    },
    prestart: () => pool.prestart(),
    close: () => pool.close(),
  };
}

// One more character than the bound, so that the worker still sees the input was longer and says so.
function cap(text: string): string {
  return text.length > MAX_HTML_LENGTH ? text.slice(0, MAX_HTML_LENGTH + 1) : text;
}

function capOrNull(text: string | null): string | null {
  return text === null ? null : cap(text);
}

let shared: HtmlPool | undefined;

/** The process's HTML pool, started on first use; its idle workers do not keep the process alive. */
export function sharedHtmlPool(): HtmlPool {
  shared ??= createHtmlPool();
  return shared;
}
