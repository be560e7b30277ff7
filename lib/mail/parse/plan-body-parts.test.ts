import type { MessageStructureObject } from 'imapflow';
import { describe, expect, it } from 'vitest';
import { planBodyParts } from './plan-body-parts';

const leaf = (part: string, type: string, extra: Partial<MessageStructureObject> = {}): MessageStructureObject => ({
  part,
  type,
  size: 100,
  encoding: '7bit',
  ...extra,
});
const multipart = (type: string, childNodes: MessageStructureObject[], part?: string): MessageStructureObject => ({
  type,
  childNodes,
  ...(part ? { part } : {}),
});

describe('planBodyParts', () => {
  it('reads a single-part message as section 1 with its charset and flowed format', () => {
    const plan = planBodyParts({
      type: 'text/plain',
      parameters: { charset: 'ISO-8859-1', format: 'Flowed', delsp: 'yes' },
      encoding: 'quoted-printable',
      size: 10,
    });
    expect(plan).toEqual({
      texts: [
        { section: '1', kind: 'plain', encoding: 'quoted-printable', charset: 'ISO-8859-1', flowed: true, delSp: true },
      ],
      attachments: [],
    });
  });

  it('takes the last plain and rich alternatives, and lists a calendar alternative as an attachment', () => {
    const plan = planBodyParts(
      multipart('multipart/alternative', [
        leaf('1', 'text/plain'),
        leaf('2', 'text/calendar', { parameters: { method: 'REQUEST' } }),
        multipart(
          'multipart/related',
          [leaf('3.1', 'text/html'), leaf('3.2', 'image/png', { id: '<logo@x>', encoding: 'base64', size: 780 })],
          '3',
        ),
      ]),
    );
    expect(plan.texts.map((text) => [text.section, text.kind])).toEqual([
      ['1', 'plain'],
      ['3.1', 'html'],
    ]);
    expect(plan.attachments).toEqual([
      expect.objectContaining({ partId: '2', contentType: 'text/calendar', related: false }),
      expect.objectContaining({ partId: '3.2', contentId: 'logo@x', related: true, size: 570 }),
    ]);
  });

  it('treats text marked as an attachment, and forwarded messages, as attachments', () => {
    const plan = planBodyParts(
      multipart('multipart/mixed', [
        leaf('1', 'text/plain'),
        leaf('2', 'text/plain', { disposition: 'attachment', dispositionParameters: { filename: 'notes.txt' } }),
        leaf('3', 'message/rfc822', { childNodes: [leaf('3', 'text/plain')] }),
      ]),
    );
    expect(plan.texts.map((text) => text.section)).toEqual(['1']);
    expect(plan.attachments.map((a) => [a.partId, a.filename, a.contentType])).toEqual([
      ['2', 'notes.txt', 'text/plain'],
      ['3', null, 'message/rfc822'],
    ]);
  });

  it('stops at a hostile depth instead of recursing without end', () => {
    let node = leaf('1', 'text/plain');
    for (let depth = 0; depth < 5_000; depth++) node = multipart('multipart/mixed', [node]);
    expect(planBodyParts(node)).toEqual({ texts: [], attachments: [] });
  });
});
