import { describe, expect, it } from 'vitest';
import { attachmentResponseHeaders, safeFilename } from './attachment-response-headers';

describe('safeFilename', () => {
  it.each([
    ['invoice\u202efdp.exe', 'invoicefdp.exe'],
    ['../../../../.bashrc', 'bashrc'],
    ['..\\..\\Startup\\run.bat', 'run.bat'],
    ['report.pdf%00.html', 'report.pdf_.html'],
    ['a\r\nContent-Type: text-html.txt', 'aContent-Type_ text-html.txt'],
    ['report.txt\r\nX-Evil: <b>/x.html', 'x.html'],
    ['"><img src=x onerror=alert(1)>.pdf', '___img src=x onerror=alert(1)_.pdf'],
    ['Résumé 2024.pdf', 'Résumé 2024.pdf'],
    [null, 'attachment'],
    ['..', 'attachment'],
  ])('%j becomes %j', (name, expected) => {
    expect(safeFilename(name)).toBe(expected);
  });

  it('shortens long names but keeps the extension', () => {
    const name = safeFilename(`${'a'.repeat(500)}.pdf`);
    expect(name).toHaveLength(200);
    expect(name.endsWith('aaa.pdf')).toBe(true);
  });
});

describe('attachmentResponseHeaders', () => {
  it('serves a raster image inline with its own type when asked', () => {
    expect(
      attachmentResponseHeaders({ filename: 'logo.png', contentType: 'IMAGE/PNG; name="x"', size: 42, inline: true }),
    ).toEqual({
      'Content-Type': 'image/png',
      'Content-Disposition': 'inline; filename="logo.png"; filename*=UTF-8\'\'logo.png',
      'Content-Length': '42',
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
      'Cache-Control': 'no-store',
    });
  });

  it.each([
    'text/html',
    'image/svg+xml',
    'application/xhtml+xml',
    'text/xml',
    'application/javascript',
    'x/unknown',
    '',
  ])('serves %j as an octet-stream download, inline or not', (contentType) => {
    for (const inline of [true, false]) {
      const headers = attachmentResponseHeaders({ filename: 'f', contentType, inline });
      expect(headers['Content-Type']).toBe('application/octet-stream');
      expect(headers['Content-Disposition']).toMatch(/^attachment; /);
    }
  });

  it('encodes non-ASCII names per RFC 6266 with an ASCII fallback, and nothing can break the header', () => {
    const headers = attachmentResponseHeaders({
      filename: 'Prüfbericht "Q1"\r\nX-Evil: 1.pdf',
      contentType: 'application/pdf',
      inline: false,
    });
    expect(headers['Content-Disposition']).toBe(
      'attachment; filename="Prufbericht _Q1_X-Evil_ 1.pdf"; filename*=UTF-8\'\'Pr%C3%BCfbericht%20_Q1_X-Evil_%201.pdf',
    );
    expect(Object.values(headers).join('')).not.toMatch(/[\r\n\0]/);
  });
});
