import { describe, expect, it } from 'vitest';
import { sanitizeDeclarations, sanitizeStylesheet, type CssUrlPolicy } from './sanitize-css';

// Keeps our own URLs, refuses everything else (as a render with remote images blocked does).
const policy: CssUrlPolicy = (url) => (url.startsWith('/ours/') ? url : null);

describe('sanitizeDeclarations', () => {
  it('keeps ordinary declarations, normalised', () => {
    expect(
      sanitizeDeclarations('color:#333;font: 12px/1.4 "Segoe UI", sans-serif ; width: calc(100% - 2px);', policy),
    ).toBe('color: #333; font: 12px/1.4 "Segoe UI", sans-serif; width: calc(100% - 2px)');
  });

  it.each([
    ['position: fixed !important', ''],
    ['position:/**/fixed; top: 0', 'top: 0'],
    ['position:\nabsolute', ''],
    ['position: sticky', ''],
    ['background:url(https://attacker.example/x)', ''],
    ['background:url(https://attacker.example/unclosed', ''],
    ["background: image-set('https://attacker.example/a.png' 1x)", ''],
    ['background: \\75 \\72 \\6C (https://attacker.example/b)', ''],
    ['background: u\\rl(https://attacker.example/c)', ''],
    ['width: expression(alert(1))', ''],
    ['behavior: url(x.htc); -moz-binding: url(x.xml#b)', ''],
    ["content: '</style><img src=x onerror=alert(1)>'", ''],
    ['content: "\\201C"', ''],
    ["-o-link: 'javascript:alert(1)'", ''],
    ['--x: url(https://attacker.example/v); color: var(--y)', 'color: var(--y)'],
    ['background: url(/ours/1.png) no-repeat', 'background: url("/ours/1.png") no-repeat'],
    ["background: url( '/ours/1.png' )", 'background: url("/ours/1.png")'],
  ])('%j becomes %j', (input, expected) => {
    expect(sanitizeDeclarations(input, policy)).toBe(expected);
  });

  it('is stable: its own output comes back unchanged', () => {
    const once = sanitizeDeclarations('background:url(/ours/a.png) ;color:red;margin:0 auto', policy);
    expect(sanitizeDeclarations(once, policy)).toBe(once);
  });
});

describe('sanitizeStylesheet', () => {
  it('keeps rules, @media and @supports, and prefixes #ids', () => {
    const css =
      '#main > td, .x:not(#y) { color: red }\n@media screen and (max-width: 600px) { .a { width: 100% } }' +
      '\n@supports (display: grid) { .g { display: grid } }';
    expect(sanitizeStylesheet(css, policy, 'msg-')).toBe(
      '#msg-main > td, .x:not(#msg-y) { color: red }\n@media screen and (max-width: 600px) {\n.a { width: 100% }\n}' +
        '\n@supports (display: grid) {\n.g { display: grid }\n}',
    );
  });

  it('drops @import, @font-face and other at-rules, including escaped ones', () => {
    const css =
      "@import url(https://attacker.example/a.css); @\\69mport 'https://attacker.example/b.css'; " +
      '@font-face { font-family: x; src: url(https://attacker.example/f.woff) } @page { margin: 0 } ' +
      '@keyframes k { to { color: red } } @namespace svg url(http://www.w3.org/2000/svg); p { color: blue }';
    expect(sanitizeStylesheet(css, policy, 'msg-')).toBe('p { color: blue }');
  });

  it('drops rules whose selector hides something, and unfinished rules stay harmless', () => {
    expect(sanitizeStylesheet('a\\:b { color: red } p { color: green', policy, 'msg-')).toBe('p { color: green }');
    expect(sanitizeStylesheet("body { content: '", policy, 'msg-')).toBe('');
    expect(
      sanitizeStylesheet('p { color: red; & span { background: url(https://attacker.example/n) } }', policy, 'msg-'),
    ).toBe('p { color: red }');
  });
});
