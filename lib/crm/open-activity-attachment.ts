import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { crmActivityAttachments, type CrmActivityAttachment } from '@/db/schema';
import type { Actor } from '../access/actor';
import { AppError } from '../errors';
import { MAX_INCOMING_MESSAGE_BYTES } from '../plans/catalogue';
import { isCopied } from './activity-views';

/**
 * A file of a CRM activity, served from the CRM's own copy (the message may be long gone from Mailroom).
 * Any member of the organization; anyone else learns nothing.
 */
export async function openActivityAttachment(
  db: DbOrTx,
  options: { actor: Actor; attachmentId: number },
): Promise<CrmActivityAttachment> {
  const notFound = () =>
    new AppError('not_found', {
      message: `CRM attachment ${options.attachmentId} not accessible`,
      problem: { key: 'crm.attachmentNotFound' },
    });
  if (!Number.isSafeInteger(options.attachmentId) || options.attachmentId <= 0) throw notFound();
  const [file] = await db
    .select()
    .from(crmActivityAttachments)
    .where(eq(crmActivityAttachments.id, options.attachmentId))
    .limit(1);
  if (!file || (options.actor.kind === 'user' && options.actor.orgId !== file.orgId)) throw notFound();
  if (!isCopied({ size: file.size, stored: file.content.length })) {
    throw new AppError('not_found', {
      message: `CRM attachment ${file.id} was recorded without content`,
      // The same limit as copy-activity-attachments, in binary megabytes as the mail pages word it (25 MB).
      problem: { key: 'crm.attachmentNotCopied', values: { megabytes: MAX_INCOMING_MESSAGE_BYTES / 1024 / 1024 } },
    });
  }
  return file;
}
