import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { NewUserForm } from '@/components/users/new-user-form';
import { UsersTable } from '@/components/users/users-table';
import { Card } from '@/components/ui/card';
import { getDb } from '@/db/client';
import { listUsers } from '@/lib/users/list-users';
import { actorOf, requireSession } from '@/server/session';
import { changeUserRoleAction, createUserAction, deactivateUserAction, reactivateUserAction } from './actions';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('usersSettings'))('title') };
}

export default async function UsersSettingsPage() {
  const session = await requireSession();
  // Admin-only; for anyone else the page does not exist.
  if (session.user.role !== 'admin') notFound();
  const users = await listUsers(getDb(), { actor: actorOf(session), orgId: session.org.id });
  const t = await getTranslations('usersSettings');
  return (
    <div className="space-y-6">
      <Card title={t('title')}>
        <UsersTable
          users={users.map((u) => ({ ...u, deactivatedAt: u.deactivatedAt?.toISOString() ?? null, lastSeenAt: u.lastSeenAt?.toISOString() ?? null, createdAt: u.createdAt.toISOString() }))}
          currentUserId={session.user.id}
          actions={{ role: changeUserRoleAction, deactivate: deactivateUserAction, reactivate: reactivateUserAction }}
        />
      </Card>
      <Card title={t('newUser')}>
        <NewUserForm action={createUserAction} />
      </Card>
    </div>
  );
}
