import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { getDb } from '@/db/client';
import { planIds } from '@/lib/plans/catalogue';
import { isSetupNeeded } from '@/lib/setup/is-setup-needed';
import { planLabel } from '@/components/plan-label';
import { SetupForm } from './setup-form';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('setup'))('title') };
}

export default async function SetupPage() {
  if (!(await isSetupNeeded(getDb()))) redirect('/sign-in');
  const t = await getTranslations('plans');
  return <SetupForm plans={planIds.map((id) => ({ value: id, label: planLabel(t, id) }))} />;
}
