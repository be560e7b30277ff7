import { describe, expect, it } from 'vitest';
import { corpusFile } from '@/test/fixtures/mime/corpus-messages';
import { parseMessage } from '@/lib/mail/parse/parse-message';
import { MAX_HTML_LENGTH, MAX_START_TAGS } from './bound-html';
import { TOO_COMPLEX_NOTE } from './plain-text-fallback';
import { renderMessageHtml, type RenderOptions } from './render-message-html';

const cidUrl = (id: string) => (id === 'logo@example.com' ? '/api/mail/attachments/7?inline=1' : null);
const blocked: RenderOptions = { cidUrl, allowRemoteImages: false };
const allowed: RenderOptions = { cidUrl, allowRemoteImages: true };
const render = (html: string, options = blocked) => renderMessageHtml(html, options).html;

describe('renderMessageHtml', () => {
  it('keeps remote images only when they are allowed, and counts what it blocked', () => {
    const html = '<img src="https://cdn.example/a.png" alt="A"><img src="http://cdn.example/b.png">';
    expect(renderMessageHtml(html, blocked)).toEqual({
      html: '<img alt="A"><img>',
      blockedImages: 2,
      hasRemoteContent: true,
      truncated: false,
      asText: false,
    });
    expect(renderMessageHtml(html, allowed)).toEqual({
      html: '<img src="https://cdn.example/a.png" alt="A"><img src="http://cdn.example/b.png">',
      blockedImages: 0,
      hasRemoteContent: true,
      truncated: false,
      asText: false,
    });
    expect(renderMessageHtml('<p>hi</p>', blocked)).toMatchObject({ blockedImages: 0, hasRemoteContent: false });
  });

  it('treats protocol-relative URLs, background attributes and CSS url() as remote images', () => {
    const html =
      '<img src="//cdn.example/a.png"><table><tr><td background="https://cdn.example/t.png">x</td></tr>' +
      '</table><div style="color: red; background-image: url(https://cdn.example/d.png)">y</div>';
    expect(renderMessageHtml(html, blocked)).toMatchObject({ blockedImages: 3 });
    expect(render(html)).toBe('<img><table><tbody><tr><td>x</td></tr></tbody></table><div style="color: red">y</div>');
    expect(render(html, allowed)).toBe(
      '<img src="https://cdn.example/a.png"><table><tbody><tr><td background="https://cdn.example/t.png">x</td></tr>' +
        '</tbody></table><div style="color: red; background-image: url(&quot;https://cdn.example/d.png&quot;)">y</div>',
    );
  });

  it('rewrites cid: images to our attachment URL and drops unknown ones', () => {
    expect(render('<img src="cid:logo@example.com"><img src="CID:other@x" alt="x">')).toBe(
      '<img src="/api/mail/attachments/7?inline=1"><img alt="x">',
    );
    expect(render('<img src="cid:logo%40example.com">')).toBe('<img src="/api/mail/attachments/7?inline=1">');
    expect(render('<div style="background: url(cid:logo@example.com)">x</div>')).toBe(
      '<div style="background: url(&quot;/api/mail/attachments/7?inline=1&quot;)">x</div>',
    );
  });

  it('tells the cid: URL where it goes: an attribute, or a style sheet, where it is not HTML-escaped', () => {
    const places: string[] = [];
    const cidUrl: RenderOptions['cidUrl'] = (id, place) => {
      places.push(`${id} ${place}`);
      return `https://example.test/${place}?a=1&b=2`;
    };
    const html = renderMessageHtml(
      '<style>p { background: url(cid:s) }</style><p style="background: url(cid:a)"><img src="cid:i"></p>',
      {
        cidUrl,
        allowRemoteImages: false,
      },
    ).html;
    expect(places).toEqual(['s style-sheet', 'a attribute', 'i attribute']);
    expect(html).toBe(
      '<style>p { background: url("https://example.test/style-sheet?a=1&b=2") }</style>' +
        '<p style="background: url(&quot;https://example.test/attribute?a=1&amp;b=2&quot;)"><img src="https://example.test/attribute?a=1&amp;b=2"></p>',
    );
  });

  it('keeps raster data: images and drops every other data: or relative source', () => {
    const gif = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
    expect(render(`<img src="${gif}">`)).toBe(`<img src="${gif}">`);
    expect(
      render('<img src="data:image/svg+xml;base64,PHN2Zz4="><img src="/api/mail/attachments/9"><img src="x.png">'),
    ).toBe('<img><img><img>');
  });

  it('opens links in a new tab without opener or referrer, titled with their real target', () => {
    expect(render('<a href="https://example.com/a" target="_self" rel="opener" title="Your bank">x</a>')).toBe(
      '<a href="https://example.com/a" target="_blank" rel="noopener noreferrer" title="https://example.com/a">x</a>',
    );
    expect(render('<a href="HTTPS://Bücher.example/x y">b</a>')).toContain(
      'href="https://xn--bcher-kva.example/x%20y"',
    );
    for (const href of [
      'javascript:alert(1)',
      'data:text/html,x',
      'vbscript:x',
      'cid:logo@example.com',
      '/relative',
      '#top',
    ]) {
      expect(render(`<a href="${href}">x</a>`)).toBe('<a>x</a>');
    }
    expect(render('<a href="mailto:a@example.com">m</a><a href="tel:+123">t</a>')).toContain('href="tel:+123"');
  });

  it('keeps newsletter layout: tables, colours, fonts, widths, head styles and the body colours', () => {
    const html =
      '<html><head><style>.btn { color: #fff; background-color: #07c } @media (max-width: 600px) { ' +
      'td { display: block } }</style></head><body bgcolor="#eeeeee" style="margin:0"><table width="600" ' +
      'cellpadding="0" align="center"><tr><td class="btn" style="font-family: Georgia, serif; font-size: 16px">' +
      '<font color="#333" face="Arial">Hi</font></td></tr></table></body></html>';
    expect(render(html)).toBe(
      '<style>.btn { color: #fff; background-color: #07c }\n@media (max-width: 600px) {\ntd { display: block }\n}</style>' +
        '<div style="background-color: #eeeeee; margin: 0"><table width="600" cellpadding="0" align="center"><tbody>' +
        '<tr><td class="btn" style="font-family: Georgia, serif; font-size: 16px"><font color="#333" face="Arial">Hi</font>' +
        '</td></tr></tbody></table></div>',
    );
  });

  it('strips overlays, CSS escapes, imports, fonts and behaviours from style sheets and attributes', () => {
    const sheet =
      '<style>@import url(x.css); @font-face { src: url(data:font/woff2;base64,AA) } ' +
      '.a { position: fixed; color: red } .b { position: relative } .c { b\\ackground: url(x) } ' +
      '.d { behavior: url(x.htc) } .e { width: expression(alert(1)) } @keyframes k { to { color: red } }</style>';
    expect(render(sheet)).toBe('<style>.a { color: red }\n.b { position: relative }</style>');
    expect(render('<p style="position:/**/fixed; top: 0; -moz-binding: url(x); color: blue">x</p>')).toBe(
      '<p style="top: 0; color: blue">x</p>',
    );
  });

  it('prefixes ids, and #id selectors to match, once', () => {
    const once = render('<style>#main td { color: red } [href="#x"] { color: blue }</style><div id="main">x</div>');
    expect(once).toBe(
      '<style>#msg-main td { color: red }\n[href="#x"] { color: blue }</style><div id="msg-main">x</div>',
    );
    expect(render(once)).toBe(once);
  });

  it('drops what is not on the allowlist but keeps its text', () => {
    expect(
      render('<form action="https://x.example"><input name="a" value="v"><button>Go</button></form><blink>b</blink>'),
    ).toBe('Gob');
    expect(render('<p onclick="x()" data-x="1" name="n">t</p><script>alert(1)</script>')).toBe('<p>t</p>');
  });

  it('removes control characters that could change how the frame decodes the text', () => {
    expect(render('<p title="\u001b$B">a\u001b(Bb\u0000c</p>')).toBe('<p title="$B">a(Bbc</p>');
  });

  it('shows 20,000 levels of nesting as text with a notice, quickly', () => {
    const started = performance.now();
    expect(render(`${'<div>'.repeat(20_000)}deep`)).toBe(
      `${TOO_COMPLEX_NOTE}<div style="white-space: pre-wrap">deep</div>`,
    );
    expect(render(`<p>a</p>${'<b>'.repeat(20_000)}bold`)).toBe(
      `${TOO_COMPLEX_NOTE}<div style="white-space: pre-wrap">a bold</div>`,
    );
    expect(renderMessageHtml(`${'<div>'.repeat(20_000)}<img src="https://t.example/p.gif">`, blocked)).toMatchObject({
      asText: true,
      blockedImages: 0,
      truncated: false,
    });
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('shows the text body instead, when there is one, escaped', () => {
    const html = `${'<div>'.repeat(2_000)}<p>formatted</p>`;
    expect(renderMessageHtml(html, { ...blocked, textBody: 'The <plain> text\n  second line' }).html).toBe(
      `${TOO_COMPLEX_NOTE}<div style="white-space: pre-wrap">The &lt;plain&gt; text\n  second line</div>`,
    );
    expect(renderMessageHtml(html, { ...blocked, textBody: ' \n ' }).html).toContain('>formatted</div>');
  });

  it('shows HTML with more start tags than it parses as text, however shallow', () => {
    const within = '<span>x</span>'.repeat(MAX_START_TAGS);
    expect(renderMessageHtml(within, blocked).asText).toBe(false);
    const over = renderMessageHtml(`${within}<b>one more</b>`, blocked);
    expect(over.asText).toBe(true);
    expect(over.html.startsWith(TOO_COMPLEX_NOTE)).toBe(true);
    expect(over.html).toContain('x x x');
  });

  it('flattens HTML nested past the depth limit without losing its text', () => {
    const html = `${'<span>'.repeat(200)}inner${'</span>'.repeat(200)}<p>after</p>`;
    const out = render(html);
    expect(out.match(/<span>/g)).toHaveLength(128);
    expect(out).toContain('inner');
    expect(out.endsWith('<p>after</p>')).toBe(true);
  });

  it("survives mailparser's call-stack test message", async () => {
    const message = await parseMessage(corpusFile('nodemailer-mailparser/htmllargecallstack.eml'));
    const started = performance.now();
    // All of its 570 KB of markup is inside <title>, which is not part of the message body.
    expect(render(message.html ?? '')).toBe('');
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('cuts HTML beyond the size limit and says so', () => {
    const result = renderMessageHtml(`<p>${'x'.repeat(MAX_HTML_LENGTH)}</p><p>lost</p>`, blocked);
    expect(result.truncated).toBe(true);
    expect(result.html).not.toContain('lost');
    expect(result.html).toMatch(/<hr><p><em>This message is too long to show in full\.<\/em><\/p>$/);
  });
});
