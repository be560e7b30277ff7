import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { crmActivities, crmActivityAttachments, type AddressJson, type CrmRoutingDecision } from '@/db/schema';
import { linkifyText, type TextToken } from '../mail/render/linkify-text';
import { userNamesOf } from './user-names';

export type CrmActivityView = {
  id: string;
  direction: 'incoming' | 'outgoing';
  subject: string;
  from: { name: string | null; address: string | null };
  to: AddressJson[];
  occurredAt: string;
  responsible: { id: string; name: string } | null;
  routing: CrmRoutingDecision;
  /** The text body cut into text and links for React (never HTML); empty when the e-mail had HTML only. */
  text: TextToken[];
  textTruncated: boolean;
  /** Served sanitized, in a sandboxed frame, by its own route. */
  hasHtml: boolean;
  attachments: Array<{ id: number; filename: string | null; contentType: string; size: number; copied: boolean }>;
};

const ACTIVITIES_SHOWN = 50;
// A newsletter's text can be megabytes; a timeline shows the beginning.
const TEXT_SHOWN = 20_000;

/**
 * The latest activities of one contact or lead, for its page. The caller has checked access to the record;
 * `where` is scoped by organization here as well.
 */
export async function loadActivityViews(
  db: DbOrTx,
  options: { orgId: string; contactId?: string; leadId?: string },
): Promise<CrmActivityView[]> {
  const scope: SQL | undefined = options.contactId
    ? eq(crmActivities.contactId, options.contactId)
    : options.leadId
      ? eq(crmActivities.leadId, options.leadId)
      : undefined;
  if (!scope) return [];
  const rows = await db
    .select()
    .from(crmActivities)
    .where(and(eq(crmActivities.orgId, options.orgId), scope))
    .orderBy(desc(crmActivities.occurredAt))
    .limit(ACTIVITIES_SHOWN);
  if (rows.length === 0) return [];

  const names = await userNamesOf(
    db,
    rows.map((r) => r.responsibleUserId),
  );
  // The bytes stay in the database: only their length says whether the file was copied.
  const files = await db
    .select({
      id: crmActivityAttachments.id,
      activityId: crmActivityAttachments.activityId,
      filename: crmActivityAttachments.filename,
      contentType: crmActivityAttachments.contentType,
      size: crmActivityAttachments.size,
      stored: sql<number>`octet_length(${crmActivityAttachments.content})`,
    })
    .from(crmActivityAttachments)
    .where(
      inArray(
        crmActivityAttachments.activityId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(crmActivityAttachments.id);

  return rows.map((r) => {
    const text = r.textBody ?? '';
    return {
      id: r.id,
      direction: r.direction,
      subject: r.subject,
      from: { name: r.fromName, address: r.fromAddress },
      to: r.toAddresses,
      occurredAt: r.occurredAt.toISOString(),
      responsible: r.responsibleUserId ? { id: r.responsibleUserId, name: names.get(r.responsibleUserId) ?? '' } : null,
      routing: r.routing,
      text: linkifyText(text.slice(0, TEXT_SHOWN)),
      textTruncated: text.length > TEXT_SHOWN,
      hasHtml: r.htmlBody !== null && r.htmlBody.trim() !== '',
      attachments: files
        .filter((f) => f.activityId === r.id)
        .map((f) => ({
          id: f.id,
          filename: f.filename,
          contentType: f.contentType,
          size: f.size,
          copied: isCopied(f),
        })),
    };
  });
}

/** A file recorded without its bytes (over 25 MB, or the mail server failed) has empty content and its real size. */
export function isCopied(file: { size: number; stored: number }): boolean {
  return file.stored > 0 || file.size === 0;
}
