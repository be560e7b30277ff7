import type { MessageStructureObject } from 'imapflow';
import { truncate, withoutNul } from './strings';

/** A text part to fetch and show: which section, and how to decode it. */
export type TextSection = {
  section: string;
  kind: 'plain' | 'html';
  encoding: string;
  charset: string | null;
  flowed: boolean;
  delSp: boolean;
};

/** An attachment as the server describes it; its content stays on the server until someone opens it. */
export type PlannedAttachment = {
  partId: string;
  filename: string | null;
  contentType: string;
  size: number;
  contentId: string | null;
  related: boolean;
  disposition: string | null;
};

export type BodyPlan = { texts: TextSection[]; attachments: PlannedAttachment[] };

const MAX_FILENAME = 1024;
// Bounds for a hostile structure: Dovecot allows deep nesting and thousands of parts.
const MAX_DEPTH = 32;
const MAX_ATTACHMENTS = 1_000;
const MAX_TEXT_SECTIONS = 20;

/**
 * Reads a message's BODYSTRUCTURE the way mailparser reads the MIME tree: the text/plain and text/html parts a
 * reader sees (inline, not attachments; in multipart/alternative the last of each kind), everything else an
 * attachment. The server has already split the MIME tree, so the import fetches only these text sections.
 */
export function planBodyParts(structure: MessageStructureObject): BodyPlan {
  const plan: BodyPlan = { texts: [], attachments: [] };
  walk(structure, plan, { depth: 0, related: false });
  return plan;
}

function walk(node: MessageStructureObject, plan: BodyPlan, context: { depth: number; related: boolean }): void {
  const type = node.type.toLowerCase();
  if (type.startsWith('multipart/') && node.childNodes?.length) {
    if (context.depth >= MAX_DEPTH) return;
    const inner = { depth: context.depth + 1, related: type === 'multipart/related' };
    if (type !== 'multipart/alternative') {
      for (const child of node.childNodes) walk(child, plan, inner);
      return;
    }
    // Alternatives say the same thing in different forms: only the richest plain and HTML versions are shown.
    const plain = lastIndex(node.childNodes, (child) => isBodyText(child, 'text/plain'));
    const rich = lastIndex(
      node.childNodes,
      (child) => isBodyText(child, 'text/html') || child.type.startsWith('multipart/'),
    );
    node.childNodes.forEach((child, index) => {
      if (index === plain || index === rich) walk(child, plan, inner);
      // A text/calendar alternative is an invitation: listed, so it can be opened.
      else if (!isBodyText(child, 'text/plain') && !isBodyText(child, 'text/html'))
        addAttachment(child, plan, inner.related);
    });
    return;
  }
  const kind = isBodyText(node, 'text/plain') ? 'plain' : isBodyText(node, 'text/html') ? 'html' : null;
  if (kind && plan.texts.length < MAX_TEXT_SECTIONS) {
    const parameters = node.parameters ?? {};
    plan.texts.push({
      section: node.part ?? '1',
      kind,
      encoding: (node.encoding ?? '7bit').toLowerCase(),
      charset: parameters.charset ?? null,
      flowed: parameters.format?.toLowerCase() === 'flowed',
      delSp: parameters.delsp?.toLowerCase() === 'yes',
    });
    return;
  }
  addAttachment(node, plan, context.related);
}

function isBodyText(node: MessageStructureObject, type: string): boolean {
  return node.type.toLowerCase() === type && node.disposition?.toLowerCase() !== 'attachment';
}

function addAttachment(node: MessageStructureObject, plan: BodyPlan, related: boolean): void {
  if (plan.attachments.length >= MAX_ATTACHMENTS || node.type.startsWith('multipart/')) return;
  const filename = node.dispositionParameters?.filename ?? node.parameters?.name ?? null;
  const encoding = (node.encoding ?? '').toLowerCase();
  const size = node.size ?? 0;
  plan.attachments.push({
    partId: node.part ?? '1',
    // Kept as the sender wrote it ("../", control characters and all): sanitised where it is used.
    filename: filename ? truncate(withoutNul(filename), MAX_FILENAME) : null,
    contentType: withoutNul(node.type.toLowerCase()),
    // The server reports the encoded size; base64 carries 57 bytes in each 78-byte line.
    size: encoding === 'base64' ? Math.floor((size * 57) / 78) : size,
    contentId: node.id ? withoutNul(node.id.replace(/^\s*<|>\s*$/g, '')) : null,
    related,
    disposition: node.disposition?.toLowerCase() ?? null,
  });
}

function lastIndex<T>(items: T[], test: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (test(items[i]!)) return i;
  return -1;
}
