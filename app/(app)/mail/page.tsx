import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { Suspense } from 'react';
import { MailProviders } from '@/components/mail/mail-providers';
import type { NoMailboxReason } from '@/components/mail/no-mailbox';
import { Webmail } from '@/components/mail/webmail';
import { getDb } from '@/db/client';
import { listOrgMailboxes } from '@/lib/mail/mailboxes/list-mailboxes';
import { listMailFolders } from '@/lib/mail/webmail/list-mail-folders';
import { getMailView } from '@/lib/users/get-mail-view';
import { actorOf, requireSession } from '@/server/session';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('nav'))('mail') };
}

export default async function MailPage() {
  const session = await requireSession();
  const actor = actorOf(session);
  // The folder pane comes with the page; lists and messages are fetched by the client (TanStack Query).
  const [mailboxes, mailView] = await Promise.all([
    listMailFolders(getDb(), { actor }),
    getMailView(getDb(), { actor }),
  ]);
  // With nothing to read, an admin is told to connect a mailbox, or to grant themselves access to one that
  // exists; only then is the organization's list needed.
  let noMailboxReason: NoMailboxReason = 'employee';
  if (mailboxes.length === 0 && session.user.role === 'admin')
    noMailboxReason = (await listOrgMailboxes(getDb(), { actor })).length > 0 ? 'adminWithoutGrant' : 'firstAdmin';
  return (
    <MailProviders>
      <Suspense>
        <Webmail initialMailboxes={mailboxes} initialMailView={mailView} noMailboxReason={noMailboxReason} />
      </Suspense>
    </MailProviders>
  );
}
