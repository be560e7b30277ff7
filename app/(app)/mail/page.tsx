import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { getTranslations } from 'next-intl/server';
import { Suspense } from 'react';
import { type InitialList, InitialListSeed } from '@/components/mail/initial-list';
import { MailProviders } from '@/components/mail/mail-providers';
import type { NoMailboxReason } from '@/components/mail/no-mailbox';
import { Webmail } from '@/components/mail/webmail';
import { getDb } from '@/db/client';
import type { Actor } from '@/lib/access/actor';
import { listOrgMailboxes } from '@/lib/mail/mailboxes/list-mailboxes';
import { listConversations } from '@/lib/mail/webmail/list-conversations';
import { listMailFolders, type WebmailMailbox } from '@/lib/mail/webmail/list-mail-folders';
import { listMessages } from '@/lib/mail/webmail/list-messages';
import { getMailView } from '@/lib/users/get-mail-view';
import { actorOf, requireSession } from '@/server/session';

type SearchParams = Record<string, string | string[] | undefined>;

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('nav'))('mail') };
}

// What the list shows with filters depends on the browser's time zone (days become local midnights): those
// lists, and any page after the first, are fetched by the client.
const FILTERS = ['q', 'status', 'linked', 'after', 'before'];

/**
 * The folder's first page, as GET /api/mail/{conversations,messages} would answer it (the same lib function,
 * and JSON-shaped: dates as strings). Only for a document load: a client-side navigation (a fetch, whose
 * Sec-Fetch-Dest is "empty") already has its lists in the query cache.
 */
async function initialList(
  actor: Actor,
  mailboxes: WebmailMailbox[],
  view: InitialList['view'],
  params: SearchParams,
): Promise<InitialList | null> {
  if ((await headers()).get('sec-fetch-dest') === 'empty') return null;
  if (FILTERS.some((name) => params[name])) return null;
  const asked = typeof params.folder === 'string' && /^\d+$/.test(params.folder) ? Number(params.folder) : null;
  // As the webmail picks it (components/mail/webmail.tsx): the URL's folder, else the first mailbox's inbox.
  const folderId =
    asked ?? mailboxes[0]?.folders.find((f) => f.specialUse === 'inbox')?.id ?? mailboxes[0]?.folders[0]?.id;
  if (!folderId) return null;
  try {
    const options = { actor, folderId };
    const page =
      view === 'conversations' ? await listConversations(getDb(), options) : await listMessages(getDb(), options);
    return JSON.parse(JSON.stringify({ view, folderId, page })) as InitialList;
  } catch {
    // A folder that is not there or not the user's: the client asks, and shows the refusal as it always has.
    return null;
  }
}

async function MailContent({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const session = await requireSession();
  const actor = actorOf(session);
  // The folder pane and the first page of the list come with the page; other lists and messages are fetched by
  // the client (TanStack Query).
  const [mailboxes, mailView, params] = await Promise.all([
    listMailFolders(getDb(), { actor }),
    getMailView(getDb(), { actor }),
    searchParams,
  ]);
  // With nothing to read, an admin is told to connect a mailbox, or to grant themselves access to one that
  // exists; only then is the organization's list needed.
  let noMailboxReason: NoMailboxReason = 'employee';
  if (mailboxes.length === 0 && session.user.role === 'admin')
    noMailboxReason = (await listOrgMailboxes(getDb(), { actor })).length > 0 ? 'adminWithoutGrant' : 'firstAdmin';
  const list = mailboxes.length > 0 ? await initialList(actor, mailboxes, mailView, params) : null;
  return (
    <>
      <InitialListSeed list={list} />
      {/* For useSearchParams; it does not suspend in a dynamic render, so the rows stay in the first flush. */}
      <Suspense>
        <Webmail initialMailboxes={mailboxes} initialMailView={mailView} noMailboxReason={noMailboxReason} />
      </Suspense>
    </>
  );
}

export default async function MailPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  // Not in a Suspense boundary of its own: React reveals a streamed boundary at the next frame only if it is the
  // first one revealed, later ones at least 300 ms after the previous (react-dom's $RC), which measured as +300 ms
  // before the first row (bench/first-row.ts). The rows come in the first flush instead, after ~10 ms of queries.
  return <MailProviders>{await MailContent({ searchParams })}</MailProviders>;
}
