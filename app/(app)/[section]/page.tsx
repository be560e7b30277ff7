import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { ComingSoon } from '@/components/shell/coming-soon';
import { navSections, type NavSection } from '@/components/shell/nav-sections';
import { requireSession } from '@/server/session';

// Sections whose module has not landed yet. A section's own route (app/(app)/mail/…) takes precedence over
// this dynamic segment as soon as it exists.
type PendingSection = Exclude<NavSection, 'settings' | 'mail'>;

function pendingSection(value: string): PendingSection | null {
  return value !== 'settings' && value !== 'mail' && (navSections as readonly string[]).includes(value) ? (value as PendingSection) : null;
}

type Props = { params: Promise<{ section: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const section = pendingSection((await params).section);
  return section ? { title: (await getTranslations('nav'))(section) } : {};
}

export default async function PendingSectionPage({ params }: Props) {
  // Layouts are not re-run on client-side navigation, so every page checks the session itself.
  await requireSession();
  const section = pendingSection((await params).section);
  if (!section) notFound();
  return <ComingSoon section={section} />;
}
