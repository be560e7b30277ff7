import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { ChangePasswordForm } from '@/components/settings/change-password-form';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { requireSessionForPasswordChange } from '@/server/session';
import { signOutAction } from '../sign-in/actions';
import { choosePasswordAction } from './actions';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('changePassword'))('forcedTitle') };
}

// Where requireSession sends a user who signed in with an admin's temporary password. Outside the app's shell
// on purpose, like two-factor set-up: until a password of their own is chosen, nothing else is reachable.
export default async function ChangePasswordPage() {
  const session = await requireSessionForPasswordChange();
  if (!session.user.mustChangePassword) redirect('/mail');
  const t = await getTranslations('changePassword');
  return (
    <Card title={t('forcedTitle')}>
      <div className="space-y-4">
        <p className="text-sm text-fg-muted">{t('forcedIntro')}</p>
        <ChangePasswordForm action={choosePasswordAction} email={session.user.email} name={session.user.name} forced />
        <form action={signOutAction} className="border-t border-line pt-4">
          <Button type="submit" variant="ghost">
            {t('signOut')}
          </Button>
        </form>
      </div>
    </Card>
  );
}
