import { decode as decodeCharset } from 'libmime/lib/charset.js';
import libmime from 'libmime';
import libqp from 'libqp';
import { withInlineFlags } from './inline-attachments';
import { readHeaderBlock } from './parse-headers-only';
import type { BodyPlan, TextSection } from './plan-body-parts';
import { searchVectorOf } from './search-vector-of';
import { makeSnippet } from './snippet';
import { withoutNul } from './strings';
import type { ParsedMessage } from './types';

/** What the import fetched of one message: its header block, how to read its body, and the text sections. */
export type FetchedParts = { header: Buffer; plan: BodyPlan; sections: Array<[string, Buffer]> };

/**
 * Builds a parsed message from the header block and the text sections the server split out of it (see
 * planBodyParts): the transfer encoding and charset are decoded with the libraries mailparser uses, and the
 * attachments are described from the BODYSTRUCTURE without being downloaded.
 */
export function parseFetchedParts({ header, plan, sections }: FetchedParts): ParsedMessage {
  const fields = readHeaderBlock(header);
  const bySection = new Map(sections);
  const plain: string[] = [];
  const rich: string[] = [];
  for (const section of plan.texts) {
    const content = bySection.get(section.section);
    if (content === undefined) continue;
    (section.kind === 'plain' ? plain : rich).push(decodeText(content, section));
  }
  const text = withoutNul(plain.join('\n')) || null;
  const html = withoutNul(rich.join('\n')) || null;
  const attachments = plan.attachments.map((attachment) => ({ ...attachment, sha256: null }));
  return {
    ...fields,
    text,
    html,
    snippet: makeSnippet(text, html),
    attachments: withInlineFlags(attachments, html),
    searchVector: searchVectorOf(fields, { text, html }),
    damaged: null,
  };
}

function decodeText(content: Buffer, section: TextSection): string {
  const bytes =
    section.encoding === 'quoted-printable'
      ? libqp.decode(content)
      : section.encoding === 'base64'
        ? Buffer.from(content.toString('latin1'), 'base64')
        : content;
  // A missing charset is US-ASCII by the standard, but 8-bit mail without one is nearly always UTF-8.
  const text = decodeCharset(bytes, section.charset ?? 'utf-8');
  return section.kind === 'plain' && section.flowed ? libmime.decodeFlowed(text, section.delSp) : text;
}
