import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { mailFolders, messages, type MailFolder } from '@/db/schema';
import type { Actor } from '../../access/actor';
import { AppError } from '../../errors';
import { loadActionTargets, withImap, type ActionGroup } from './action-targets';

export type MoveTarget = { folderId: number } | { specialUse: 'trash' | 'junk' | 'archive' | 'inbox' };

async function resolveDestination(db: Db, group: ActionGroup, target: MoveTarget): Promise<MailFolder> {
  const where =
    'folderId' in target ? eq(mailFolders.id, target.folderId) : eq(mailFolders.specialUse, target.specialUse);
  const [folder] = await db
    .select()
    .from(mailFolders)
    .where(and(eq(mailFolders.mailboxId, group.mailbox.id), where))
    .limit(1);
  if (!folder) {
    // The catalogue names the special folder (a select on trash, junk, archive, inbox; "that" otherwise).
    const folder = 'specialUse' in target ? target.specialUse : 'other';
    throw new AppError('not_found', {
      problem: { key: 'mail.folderMissing', values: { mailbox: group.mailbox.email, folder } },
    });
  }
  return folder;
}

/**
 * Moves messages on the server (UID MOVE, or COPY + delete where MOVE is missing) and then the local rows,
 * which keep their identity (links, bodies) with the UIDs the server assigned (UIDPLUS). Without UIDPLUS the
 * server does not say the new UIDs: unlinked rows are removed here and the next sync brings them in again.
 */
export async function moveMessages(
  db: Db,
  options: { messageIds: number[]; to: MoveTarget; actor: Actor },
): Promise<{ moved: number; destinations: number[] }> {
  const groups = await loadActionTargets(db, options);
  let moved = 0;
  const destinations = new Set<number>();
  for (const group of groups) {
    const destination = await resolveDestination(db, group, options.to);
    if (destination.id === group.folder.id || group.rows.length === 0) continue;
    const junk = junkKeywords(group.folder, destination);
    const result = await withImap(db, group.mailbox, async (client) => {
      const uids = group.rows.map((r) => r.uid).join(',');
      await client.mailboxOpen(group.folder.path);
      // Before the move, so the keywords travel with the message; a server that keeps no keywords refuses
      // them, and the move goes on without.
      if (junk && client.mailbox && client.mailbox.permanentFlags?.has('\\*')) {
        await client.messageFlagsAdd(uids, junk.add, { uid: true });
        await client.messageFlagsRemove(uids, junk.remove, { uid: true });
      }
      return client.messageMove(uids, destination.path, { uid: true });
    });
    if (result === false)
      throw new AppError('mail_server_error', {
        problem: { key: 'mail.moveFailed', values: { folder: destination.name } },
      });
    const uidMap = result.uidMap;
    await db.transaction(async (tx) => {
      const kept = group.rows.filter((r) => uidMap?.has(r.uid));
      if (kept.length > 0) {
        const values = sql.join(
          kept.map((r) => sql`(${r.id}::bigint, ${uidMap!.get(r.uid)!}::bigint)`),
          sql`, `,
        );
        await tx.execute(
          sql`update messages m set folder_id = ${destination.id}, uid = v.uid from (values ${values}) as v(id, uid) where m.id = v.id`,
        );
        if (junk) {
          await tx.execute(sql`
            update messages set keywords = array(
              select distinct k from unnest(keywords || ${sql.param(junk.add)}::text[]) as k where k <> all(${sql.param(junk.remove)}::text[]) order by k)
            where id in (${sql.join(
              kept.map((r) => sql`${r.id}`),
              sql`, `,
            )})`);
        }
      }
      // Rows the server gave no new UID for (no UIDPLUS, or already gone from the source folder): the next
      // sync finds them again or retires them. Unlinked ones go now; a row with work stays for that sync,
      // which keeps it (moved, or marked gone), so no action can take a task's message away.
      const unknown = group.rows.filter((r) => !uidMap?.has(r.uid)).map((r) => r.id);
      if (unknown.length > 0)
        await tx.delete(messages).where(and(inArray(messages.id, unknown), sql`${messages.linkKinds} = '{}'`));
    });
    moved += group.rows.length;
    destinations.add(destination.id);
  }
  return { moved, destinations: [...destinations] };
}

/**
 * The keywords mail programs and server-side filters read to learn what is junk ($Junk/$NotJunk, as
 * Thunderbird and Apple Mail set them): into Junk is a verdict of junk, out of it (not to Trash) one of not.
 */
function junkKeywords(from: MailFolder, to: MailFolder): { add: string[]; remove: string[] } | null {
  if (to.specialUse === 'junk' && from.specialUse !== 'junk') return { add: ['$Junk'], remove: ['$NotJunk'] };
  if (from.specialUse === 'junk' && to.specialUse !== 'junk' && to.specialUse !== 'trash')
    return { add: ['$NotJunk'], remove: ['$Junk'] };
  return null;
}

/** Spam (SPEC §5): the message goes to the server's Junk folder, marked $Junk. */
export function markAsSpam(db: Db, options: { messageIds: number[]; actor: Actor }) {
  return moveMessages(db, { ...options, to: { specialUse: 'junk' } });
}
