import createDOMPurify, { type DOMPurify, type WindowLike } from 'dompurify';
import { JSDOM, VirtualConsole } from 'jsdom';

// One jsdom window per HTML worker thread (html-pool.ts; never on a server's main thread, where sanitizing
// hostile mail would hold up every request): a window costs megabytes and tens of milliseconds, and sanitizing
// never runs scripts or loads anything in it, so every message can share it. Created on first use.
let shared: JSDOM | null = null;

export function domWindow(): JSDOM['window'] {
  // A virtual console of its own, sent nowhere: jsdom would otherwise print CSS parse errors of hostile mail.
  shared ??= new JSDOM('<!doctype html><html><head></head><body></body></html>', {
    virtualConsole: new VirtualConsole(),
  });
  return shared.window;
}

/**
 * A DOMPurify instance of its own on the shared window. Hooks and settings belong to an instance, so the
 * incoming-mail and the compose sanitizers each make one and cannot see each other's hooks.
 */
export function createPurifier(): DOMPurify {
  return createDOMPurify(domWindow() as unknown as WindowLike);
}
