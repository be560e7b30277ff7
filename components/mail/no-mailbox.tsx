import { useTranslations } from 'next-intl';

export type NoMailboxReason = 'firstAdmin' | 'adminWithoutGrant' | 'employee';

/**
 * The webmail with nothing to show. An admin of a new organization is told to connect a mailbox; an admin of
 * one with mailboxes, that reading one takes a grant; an employee, to connect their own or ask for access.
 */
export function NoMailbox({ reason }: { reason: NoMailboxReason }) {
  const t = useTranslations('mail.noMailbox');
  return (
    <div className="mx-auto max-w-md p-8 text-center text-sm text-fg-muted">
      <h1 className="text-base font-semibold text-fg">{t(`${reason}.title`)}</h1>
      <p className="mt-2">{t(`${reason}.body`)}</p>
      <a
        href="/settings/mailboxes"
        className="mt-4 inline-block rounded-md bg-accent px-3.5 py-2 font-medium text-on-accent hover:bg-accent-hover"
      >
        {t(`${reason}.link`)}
      </a>
    </div>
  );
}
