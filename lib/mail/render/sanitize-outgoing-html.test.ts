import { describe, expect, it } from 'vitest';
import { MAX_START_TAGS } from './bound-html';
import { sanitizeOutgoingHtml } from './sanitize-outgoing-html';

describe('sanitizeOutgoingHtml', () => {
  it('keeps the formatting the compose editor makes', () => {
    const html =
      '<h2>Title</h2><p>Hi <b>you</b>, <em>see</em> <a href="https://example.com/">this</a>.</p>' +
      '<ul><li>one</li></ul><blockquote>quoted</blockquote><pre><code>x &lt; 1</code></pre>';
    expect(sanitizeOutgoingHtml(html)).toEqual({ html, plainText: null });
  });

  it('drops scripts, handlers, styles, images and unsafe links', () => {
    expect(
      sanitizeOutgoingHtml(
        '<p onclick="x()" style="position:fixed">a<img src="https://t.example/p.gif"><script>1</script>' +
          '<a href="javascript:alert(1)">b</a><a href="ftp://example.com/">c</a><a href="mailto:a@example.com">d</a></p>',
      ),
    ).toMatchObject({ html: '<p>a<a>b</a><a>c</a><a href="mailto:a@example.com">d</a></p>' });
  });

  it('is bounded as the reading pane is: HTML too deep or with too many tags becomes its text', () => {
    const started = performance.now();
    const deep = sanitizeOutgoingHtml(
      `<html><body>${'<div>'.repeat(20_000)}deep &amp; <b>dark</b>\nsecret</body></html>`,
    );
    expect(deep).toEqual({ html: 'deep &amp; dark<br>\nsecret', plainText: 'deep & dark\nsecret' });
    const many = sanitizeOutgoingHtml(
      `<p onclick="x()">${'<i>i</i>'.repeat(MAX_START_TAGS)}<script>alert(1)</script></p>`,
    );
    expect(many.plainText).toMatch(/^i i i/);
    expect(many.html).not.toMatch(/<(?!br>)/);
    // A quoted message's own text body, when it has one, rather than the text of its HTML.
    expect(sanitizeOutgoingHtml('<b>'.repeat(5_000), { textBody: 'its <text> body' })).toEqual({
      html: 'its &lt;text&gt; body',
      plainText: 'its <text> body',
    });
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
