import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { SessionsList } from '@/components/settings/sessions-list';
import { Card } from '@/components/ui/card';
import { getDb } from '@/db/client';
import { listSessions } from '@/lib/auth/list-sessions';
import { actorOf, requireSession } from '@/server/session';
import { endOtherSessionsAction, endSessionAction } from './actions';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('sessionsSettings'))('title') };
}

export default async function SessionsSettingsPage() {
  const session = await requireSession();
  const sessions = await listSessions(getDb(), { actor: actorOf(session), currentSessionId: session.sessionId });
  const t = await getTranslations('sessionsSettings');
  return (
    <Card title={t('title')}>
      <SessionsList
        sessions={sessions.map((s) => ({
          ...s,
          createdAt: s.createdAt.toISOString(),
          lastUsedAt: s.lastUsedAt.toISOString(),
        }))}
        actions={{ end: endSessionAction, endOthers: endOtherSessionsAction }}
      />
    </Card>
  );
}
