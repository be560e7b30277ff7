// Hostile HTML for the tests of the HTML workers and of what uses them (issue 16). Built here, not copied.

/** 20,000 nested <div>s, about 220 KB: the message that froze Reply and Forward for a minute. */
export function nestedDivs(): string {
  return `<html><body>${'<div>'.repeat(20_000)}deep${'</div>'.repeat(20_000)}</body></html>`;
}

/** About 2 MB of what costs a sanitizer most: elements with many attributes and styles, deep tables, CSS. */
export function largeHostileHtml(): string {
  const sheet = `<style>${Array.from({ length: 2_000 }, (_, i) => `.c${i} td > p:hover{background:url(https://t.example.test/${i})}`).join('')}</style>`;
  const cell = (i: number) =>
    `<td ${Array.from({ length: 40 }, (_, a) => `data-a${a}="${i}"`).join(' ')} style="${'color:red;'.repeat(30)}"><img src="https://t.example.test/p${i}.gif">x${i}</td>`;
  const table = (i: number) =>
    `<table><tr>${cell(i)}${'<td><table><tr>'.repeat(20)}y${'</tr></table></td>'.repeat(20)}</tr></table>`;
  let body = '';
  for (let i = 0; body.length < 2 * 1024 * 1024; i++) body += table(i);
  return `<html><head>${sheet}</head><body>${body}</body></html>`;
}

/** Within every bound, but as slow as they allow: 6,000 elements of tables nested 40 deep, each styled. */
export function slowWithinBounds(): string {
  const chain = `${'<table><tr><td style="padding: 1px; color: #333">'.repeat(40)}w${'</td></tr></table>'.repeat(40)}`;
  return chain.repeat(150);
}
