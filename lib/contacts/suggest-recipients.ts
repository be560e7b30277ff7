import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { getMailboxForActor } from '../access/mailbox-access';
import type { Actor } from '../access/actor';
import { AppError } from '../errors';
import { parseInput } from '../validation';
import { foldText, matchesSql, wordPrefixRegex } from './fold-text';

export type RecipientSuggestion = { name: string; address: string; source: 'mail' | 'crm' };

const schema = z.object({
  q: z.string().max(200, { error: 'field.searchTooLong' }),
  mailboxId: z.string().optional(),
});

export const MAX_SUGGESTIONS = 8;
// The newest messages of each folder that are read for correspondents: the index on (folder, received_at)
// serves them, so the cost per keystroke does not grow with the size of the mailbox. People written to
// longer ago than that are rare, and the CRM's contacts are there for them.
const RECENT_PER_FOLDER = 1_000;
// A message the user sent counts three times one received: whom you write to is whom you write to again.
const SENT_WEIGHT = 3;
const FROM_WEIGHT = 1;
const COPIED_WEIGHT = 0.5;
// A use counts half as much after a month, a third after two: people fall out of the list as time goes by.
const DECAY_SECONDS = 30 * 24 * 3600;
const CRM_BONUS = 0.5;

type Row = { address: string; name: string | null; score: number; last_used: Date | null };

/**
 * Addresses for the To/Cc/Bcc fields that begin with what the user typed (the address, the name, or a word of
 * the name; case and accents ignored): the correspondents of the mailboxes the user may read, ranked by how
 * often and how lately they were written to or heard from, then the organization's CRM contacts. Access is
 * part of each query: the mailboxes are those the reading rule allows, the contacts those of the user's org.
 */
export async function suggestRecipients(
  db: DbOrTx,
  options: { actor: Actor; q: string; mailboxId?: string },
): Promise<RecipientSuggestion[]> {
  const input = parseInput(schema, { q: options.q, mailboxId: options.mailboxId });
  if (options.actor.kind !== 'user')
    throw new AppError('forbidden', { message: 'Suggestions are for signed-in users' });
  const actor = options.actor;
  const typed = foldText(input.q.trim());
  if (!typed) return [];
  // An unknown or foreign mailbox is not_found, like everywhere else; the query below checks again.
  if (input.mailboxId) await getMailboxForActor(db, { mailboxId: input.mailboxId, actor, permission: 'read' });
  const addressRegex = wordPrefixRegex(typed, { wordStarts: false });
  const nameRegex = wordPrefixRegex(typed, { wordStarts: true });
  const matches = (address: SQL, name: SQL) =>
    sql`(${matchesSql(address, addressRegex)} or ${matchesSql(name, nameRegex)})`;

  const crm = await db.execute<{ name: string; address: string }>(sql`
    select c.name, lower(e.address) as address
    from crm_contacts c cross join lateral unnest(c.emails) as e(address)
    where c.org_id = ${actor.orgId}
      and ${matches(sql`e.address`, sql`c.name`)}
    order by c.name
    limit ${MAX_SUGGESTIONS * 4}`);
  // A contact found by its CRM name brings its mail history along, even if mail never gave it that name.
  const crmAddresses = crm.rows.map((c) => c.address);

  const mail = await db.execute<Row>(sql`
    with boxes as (
      select b.id, lower(b.email) as email from mailboxes b
      where b.org_id = ${actor.orgId}
        and (b.owner_user_id = ${actor.userId}
          or exists (select 1 from mailbox_access a where a.mailbox_id = b.id and a.user_id = ${actor.userId}))
        ${input.mailboxId ? sql`and b.id = ${input.mailboxId}::uuid` : sql``}
    ),
    recent as (
      select m.from_address, m.from_name, m.to_addresses, m.cc_addresses, m.received_at,
        lower(m.from_address) = b.email as sent
      from boxes b
      join mail_folders f on f.mailbox_id = b.id
      cross join lateral (
        select * from messages m where m.folder_id = f.id and not m.hidden_from_webmail
        order by m.received_at desc, m.id desc limit ${RECENT_PER_FOLDER}
      ) m
    ),
    uses as (
      select r.from_address as address, r.from_name as name, r.received_at, ${FROM_WEIGHT}::float8 as weight
      from recent r where not r.sent and r.from_address is not null
      union all
      select a.value->>'address', a.value->>'name', r.received_at,
        case when r.sent then ${SENT_WEIGHT} else ${COPIED_WEIGHT} end::float8
      from recent r cross join lateral jsonb_array_elements(r.to_addresses || r.cc_addresses) a
    )
    select lower(address) as address,
      (array_agg(nullif(name, '') order by (coalesce(name, '') = ''), received_at desc))[1] as name,
      sum(weight / (1 + greatest(extract(epoch from now() - received_at), 0) / ${DECAY_SECONDS}))::float8 as score,
      max(received_at) as last_used
    from uses
    where address is not null and lower(address) not in (select email from boxes)
      and (${matches(sql`address`, sql`name`)} or lower(address) = any(${sql.param(crmAddresses)}::text[]))
    group by lower(address)
    order by score desc, last_used desc
    limit ${MAX_SUGGESTIONS * 2}`);

  return rank(mail.rows, crm.rows);
}

/** Correspondents by score (a CRM contact a little higher), then CRM contacts never written to, by name. */
function rank(mail: Row[], crm: Array<{ name: string; address: string }>): RecipientSuggestion[] {
  const byAddress = new Map<string, RecipientSuggestion & { score: number; last: number }>();
  for (const row of mail)
    byAddress.set(row.address, {
      name: row.name ?? '',
      address: row.address,
      source: 'mail',
      score: Number(row.score),
      last: row.last_used ? new Date(row.last_used).getTime() : 0,
    });
  for (const contact of crm) {
    const known = byAddress.get(contact.address);
    if (known) {
      known.score += CRM_BONUS;
      known.name ||= contact.name;
    } else byAddress.set(contact.address, { ...contact, source: 'crm', score: 0, last: 0 });
  }
  return [...byAddress.values()]
    .sort((a, b) => b.score - a.score || b.last - a.last || a.name.localeCompare(b.name))
    .slice(0, MAX_SUGGESTIONS)
    .map(({ name, address, source }) => ({ name, address, source }));
}
