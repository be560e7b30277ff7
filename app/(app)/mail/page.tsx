import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { Suspense } from 'react';
import { MailProviders } from '@/components/mail/mail-providers';
import { Webmail } from '@/components/mail/webmail';
import { getDb } from '@/db/client';
import { listMailFolders } from '@/lib/mail/webmail/list-mail-folders';
import { actorOf, requireSession } from '@/server/session';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('nav'))('mail') };
}

export default async function MailPage() {
  const session = await requireSession();
  // The folder pane comes with the page; lists and messages are fetched by the client (TanStack Query).
  const mailboxes = await listMailFolders(getDb(), { actor: actorOf(session) });
  return (
    <MailProviders>
      <Suspense>
        <Webmail initialMailboxes={mailboxes} isAdmin={session.user.role === 'admin'} />
      </Suspense>
    </MailProviders>
  );
}
