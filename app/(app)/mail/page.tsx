import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { getTranslations } from 'next-intl/server';
import { MailProviders } from '@/components/mail/mail-providers';
import type { NoMailboxReason } from '@/components/mail/no-mailbox';
import { Webmail } from '@/components/mail/webmail';
import { getDb } from '@/db/client';
import { listOrgMailboxes } from '@/lib/mail/mailboxes/list-mailboxes';
import { firstListPage, type PageParams } from '@/lib/mail/webmail/first-list-page';
import { listMailFolders } from '@/lib/mail/webmail/list-mail-folders';
import { getMailView } from '@/lib/users/get-mail-view';
import { actorOf, requireSession } from '@/server/session';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('nav'))('mail') };
}

/**
 * The webmail, with its folder pane and the first page of its list in the HTML; other lists and messages are
 * fetched by the client (TanStack Query). Nothing here is in a Suspense boundary: the rows are in the first
 * flush (the shell), painted with it. A streamed boundary is revealed by react-dom at least 300 ms after the
 * previous reveal ($RC), which measured as +300 ms before the first row (bench/first-row.ts). useSearchParams
 * needs no boundary in a dynamic render.
 */
export default async function MailPage({ searchParams }: { searchParams: Promise<PageParams> }) {
  const session = await requireSession();
  const actor = actorOf(session);
  const db = getDb();
  const [params, request] = await Promise.all([searchParams, headers()]);
  // The folder pane (its unread counts are the slowest query here) and the first list page run side by side.
  const folders = listMailFolders(db, { actor });
  const view = getMailView(db, { actor });
  // A client-side navigation (a fetch, Sec-Fetch-Dest "empty") already has its lists in the query cache.
  const documentLoad = request.get('sec-fetch-dest') !== 'empty';
  const [mailboxes, mailView, initialList] = await Promise.all([
    folders,
    view,
    firstListPage(db, { actor, mailboxes: folders, view, params, documentLoad }),
  ]);
  // With nothing to read, an admin is told to connect a mailbox, or to grant themselves access to one that
  // exists; only then is the organization's list needed.
  let noMailboxReason: NoMailboxReason = 'employee';
  if (mailboxes.length === 0 && session.user.role === 'admin')
    noMailboxReason = (await listOrgMailboxes(db, { actor })).length > 0 ? 'adminWithoutGrant' : 'firstAdmin';
  return (
    <MailProviders>
      {/* The list last among the props: React's RSC serializer defers any element met after 3,200 bytes of a
          row into a later chunk, which the HTML renderer then waits for. */}
      <Webmail
        initialMailboxes={mailboxes}
        initialMailView={mailView}
        noMailboxReason={noMailboxReason}
        initialList={initialList}
      />
    </MailProviders>
  );
}
