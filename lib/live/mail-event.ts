/** The PostgreSQL channel the triggers of migration 0014 announce mail_events rows on. */
export const MAIL_EVENTS_CHANNEL = 'mail_events';

export const mailEventKinds = ['new', 'changed', 'removed', 'folders'] as const;
export type MailEventKind = (typeof mailEventKinds)[number];

/** One mail_events row as the browser gets it: which mailbox and folder changed, and how. */
export type LiveMailEvent = { id: number; mailboxId: string; folderId: number | null; kind: MailEventKind };

const uuidShape = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The NOTIFY payload '<id>:<mailbox>:<folder>:<kind>' (folder empty for 'folders'), or null when it is not one
 * of ours: anyone who can connect to the database may NOTIFY on the channel.
 */
export function parseMailEventPayload(payload: string | undefined): LiveMailEvent | null {
  const [id, mailboxId, folder, kind, ...rest] = (payload ?? '').split(':');
  const eventId = Number(id);
  const folderId = folder ? Number(folder) : null;
  if (rest.length > 0 || !Number.isSafeInteger(eventId) || eventId <= 0) return null;
  if (!mailboxId || !uuidShape.test(mailboxId)) return null;
  if (folderId !== null && (!Number.isSafeInteger(folderId) || folderId <= 0)) return null;
  if (!mailEventKinds.includes(kind as MailEventKind)) return null;
  return { id: eventId, mailboxId, folderId, kind: kind as MailEventKind };
}
