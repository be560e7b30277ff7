import { describe, expect, it } from 'vitest';
import { sanitizeOutgoingHtml } from './sanitize-outgoing-html';

describe('sanitizeOutgoingHtml', () => {
  it('keeps the formatting the compose editor makes', () => {
    const html = '<h2>Title</h2><p>Hi <b>you</b>, <em>see</em> <a href="https://example.com/">this</a>.</p>' +
      '<ul><li>one</li></ul><blockquote>quoted</blockquote><pre><code>x &lt; 1</code></pre>';
    expect(sanitizeOutgoingHtml(html)).toBe(html);
  });

  it('drops scripts, handlers, styles, images and unsafe links', () => {
    expect(
      sanitizeOutgoingHtml(
        '<p onclick="x()" style="position:fixed">a<img src="https://t.example/p.gif"><script>1</script>' +
          '<a href="javascript:alert(1)">b</a><a href="ftp://example.com/">c</a><a href="mailto:a@example.com">d</a></p>',
      ),
    ).toBe('<p>a<a>b</a><a>c</a><a href="mailto:a@example.com">d</a></p>');
  });
});
