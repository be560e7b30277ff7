import type { ReactNode } from 'react';
import { AppHeader } from '@/components/shell/app-header';
import { PresenceHeartbeat } from '@/components/presence/presence-heartbeat';
import { AppNav } from '@/components/shell/app-nav';
import { requireSession } from '@/server/session';
import { signOutAction } from '../(auth)/sign-in/actions';

export default async function AppLayout({ children }: { children: ReactNode }) {
  const { user, org } = await requireSession();
  return (
    <div className="flex h-full flex-col">
      <PresenceHeartbeat />
      <AppHeader org={org} user={user} signOutAction={signOutAction} />
      <div className="flex min-h-0 flex-1 flex-col md:flex-row">
        <AppNav />
        <main className="min-h-0 flex-1 overflow-auto">{children}</main>
      </div>
    </div>
  );
}
