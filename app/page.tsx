import { redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import { isSetupNeeded } from '@/lib/setup/is-setup-needed';
import { getCurrentSession } from '@/server/session';

export default async function HomePage() {
  if (await isSetupNeeded(getDb())) redirect('/setup');
  redirect((await getCurrentSession()) ? '/mail' : '/sign-in');
}
