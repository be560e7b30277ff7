// Quoted text in an HTML message (a reply's <blockquote>, Gmail's .gmail_quote) folds behind a toggle. The
// frame runs no script, so the toggle is a checkbox and its label, and CSS hides the quotes while it is
// unchecked; the label only shows where the message has a quote (:has). The classes are ours and cannot be
// reached by the message's own ids, which the sanitizer prefixes.
const QUOTES = '.mr-body blockquote, .mr-body .gmail_quote';

const STYLE = [
  '.mr-quotes { position: absolute; opacity: 0; width: 1px; height: 1px; margin: 0; }',
  `.mr-quotes:not(:checked) ~ .mr-body blockquote, .mr-quotes:not(:checked) ~ .mr-body .gmail_quote { display: none; }`,
  '.mr-quotes-label { display: inline-block; margin-top: 8px; padding: 1px 8px; border: 1px solid #d0d7de;',
  '  border-radius: 4px; background: #f6f8fa; color: #57606a; font: 12px/1.6 system-ui, sans-serif; cursor: pointer; }',
  '.mr-quotes:focus-visible ~ .mr-quotes-label { outline: 2px solid #0969da; outline-offset: 1px; }',
  '.mr-quotes:checked ~ .mr-quotes-label .mr-show, .mr-quotes:not(:checked) ~ .mr-quotes-label .mr-hide { display: none; }',
  `body:not(:has(${QUOTES})) .mr-quotes, body:not(:has(${QUOTES})) .mr-quotes-label { display: none; }`,
].join('\n');

const escapeHtml = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);

export type QuoteLabels = { show: string; hide: string };

/** Sanitized body HTML with its quotes folded, and the toggle (worded by `labels`) below it. */
export function foldQuotes(bodyHtml: string, labels: QuoteLabels): string {
  return (
    `<style>\n${STYLE}\n</style>` +
    '<input type="checkbox" id="mr-quotes" class="mr-quotes">' +
    `<div class="mr-body">${bodyHtml}</div>` +
    '<label for="mr-quotes" class="mr-quotes-label">' +
    `<span class="mr-show">${escapeHtml(labels.show)}</span><span class="mr-hide">${escapeHtml(labels.hide)}</span>` +
    '</label>'
  );
}
