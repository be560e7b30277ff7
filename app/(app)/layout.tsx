import type { ReactNode } from 'react';
import { DepartedOwnerNotice } from '@/components/mailboxes/departed-owner-notice';
import { AppHeader } from '@/components/shell/app-header';
import { PresenceHeartbeat } from '@/components/presence/presence-heartbeat';
import { AppNav } from '@/components/shell/app-nav';
import { getDb } from '@/db/client';
import { departedOwnerNotices } from '@/lib/mail/mailboxes/departed-owner-notices';
import { actorOf, requireSession } from '@/server/session';
import { signOutAction } from '../(auth)/sign-in/actions';

export default async function AppLayout({ children }: { children: ReactNode }) {
  const session = await requireSession();
  const { user, org } = session;
  // Admins learn here, on every page, when a departed colleague's mailbox is about to stop (SPEC §3).
  const notices = await departedOwnerNotices(getDb(), { actor: actorOf(session) });
  return (
    <div className="flex h-full flex-col">
      <PresenceHeartbeat />
      <AppHeader org={org} user={user} signOutAction={signOutAction} />
      {notices.length > 0 ? (
        <div className="px-4 pt-3 md:px-6">
          <DepartedOwnerNotice notices={notices} />
        </div>
      ) : null}
      <div className="flex min-h-0 flex-1 flex-col md:flex-row">
        <AppNav />
        <main id="main" tabIndex={-1} className="min-h-0 flex-1 overflow-auto focus:outline-none">
          {children}
        </main>
      </div>
    </div>
  );
}
