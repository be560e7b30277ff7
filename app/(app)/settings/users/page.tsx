import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { InviteUserForm } from '@/components/users/invite-user-form';
import { UsersTable } from '@/components/users/users-table';
import { Card } from '@/components/ui/card';
import { getDb } from '@/db/client';
import { listPendingInvitations } from '@/lib/auth/account-tokens';
import { systemMailConfigured } from '@/lib/system-mail/system-mail-config';
import { listUsers } from '@/lib/users/list-users';
import { actorOf, requireSession } from '@/server/session';
import {
  changeUserRoleAction,
  deactivateUserAction,
  endUserSessionsAction,
  inviteUserAction,
  reactivateUserAction,
  reissueInvitationAction,
  setTemporaryPasswordAction,
} from './actions';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('usersSettings'))('title') };
}

export default async function UsersSettingsPage() {
  const session = await requireSession();
  // Admin-only; for anyone else the page does not exist.
  if (session.user.role !== 'admin') notFound();
  const db = getDb();
  const users = await listUsers(db, { actor: actorOf(session), orgId: session.org.id });
  const pending = await listPendingInvitations(db, { actor: actorOf(session), orgId: session.org.id });
  const systemMail = systemMailConfigured();
  const t = await getTranslations('usersSettings');
  return (
    <div className="space-y-6">
      <Card title={t('title')}>
        <UsersTable
          users={users.map((u) => ({
            ...u,
            deactivatedAt: u.deactivatedAt?.toISOString() ?? null,
            lastSeenAt: u.lastSeenAt?.toISOString() ?? null,
            createdAt: u.createdAt.toISOString(),
            invitationExpiresAt: pending.get(u.id)?.toISOString() ?? null,
          }))}
          currentUserId={session.user.id}
          systemMail={systemMail}
          actions={{
            role: changeUserRoleAction,
            deactivate: deactivateUserAction,
            reactivate: reactivateUserAction,
            reissue: reissueInvitationAction,
            endSessions: endUserSessionsAction,
            temporaryPassword: setTemporaryPasswordAction,
          }}
        />
      </Card>
      <Card title={t('newUser')}>
        <InviteUserForm action={inviteUserAction} systemMail={systemMail} />
      </Card>
    </div>
  );
}
