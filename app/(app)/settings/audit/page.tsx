import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getLocale, getMessages, getTranslations } from 'next-intl/server';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { LocalTime } from '@/components/ui/local-time';
import { RefusedFilters } from '@/components/ui/refused-filters';
import { getDb } from '@/db/client';
import { auditActions, auditGroups } from '@/lib/audit/audit-actions';
import { listAuditEntries } from '@/lib/audit/list-audit-entries';
import { auditWording } from '@/lib/audit/word-audit-entry';
import type { Catalogue } from '@/lib/i18n/catalogue';
import { listOrgMailboxes } from '@/lib/mail/mailboxes/list-mailboxes';
import { listUsers } from '@/lib/users/list-users';
import { actorOf, requireSession } from '@/server/session';
import { listFromQuery, singleParam } from '../../list-from-query';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('auditLog'))('title') };
}

const filterKeys = ['group', 'action', 'actorUserId', 'mailboxId', 'from', 'to'] as const;
const control = 'block w-full rounded-md border border-line-strong bg-surface px-2 py-1.5 text-sm';

export default async function AuditPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const session = await requireSession();
  // Admin-only; for anyone else the page does not exist.
  if (session.user.role !== 'admin') notFound();
  const actor = actorOf(session);
  const params = await searchParams;
  const requested = Object.fromEntries([...filterKeys, 'cursor'].map((key) => [key, singleParam(params[key])]));
  const t = await getTranslations('auditLog');
  // Entries are stored as what happened; each is worded here in the viewer's language.
  const wording = auditWording(await getLocale(), (await getMessages()) as Catalogue);
  // A filter listAuditEntries refuses is left out and named above the list; a refused cursor gives the newest page.
  const [{ list: page, applied, refused }, people, mailboxes] = await Promise.all([
    listFromQuery(requested, ({ cursor, ...filters }) =>
      listAuditEntries(getDb(), { actor, orgId: session.org.id, filters, cursor }),
    ),
    listUsers(getDb(), { actor, orgId: session.org.id }),
    listOrgMailboxes(getDb(), { actor, orgId: session.org.id }),
  ]);
  // The form, the export and the next page's link carry the filters the list was made with.
  const filters: Record<string, string> = Object.fromEntries(filterKeys.map((key) => [key, applied[key] ?? '']));
  const query = new URLSearchParams(Object.entries(filters).filter(([, v]) => v !== ''));
  const select = (name: string, label: string, options: Array<{ value: string; label: string }>) => (
    <label className="space-y-1 text-sm">
      <span className="block font-medium text-fg-muted">{label}</span>
      <select name={name} defaultValue={filters[name]} className={control}>
        <option value="">{t('any')}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <Card title={t('title')}>
      <p className="mb-4 text-sm text-fg-muted">{t('intro')}</p>
      <form method="get" className="mb-4 grid gap-3 sm:grid-cols-3" data-testid="audit-filter-form">
        {select(
          'group',
          t('group'),
          auditGroups.map((g) => ({ value: g, label: t(`groups.${g}`) })),
        )}
        {select(
          'action',
          t('action'),
          Object.keys(auditActions).map((a) => ({ value: a, label: t(`actions.${a}`) })),
        )}
        {select(
          'actorUserId',
          t('person'),
          people.map((p) => ({ value: p.id, label: `${p.name} <${p.email}>` })),
        )}
        {select(
          'mailboxId',
          t('mailbox'),
          mailboxes.map((m) => ({ value: m.id, label: m.email })),
        )}
        <label className="space-y-1 text-sm">
          <span className="block font-medium text-fg-muted">{t('from')}</span>
          <input type="date" name="from" defaultValue={filters.from} className={control} />
        </label>
        <label className="space-y-1 text-sm">
          <span className="block font-medium text-fg-muted">{t('to')}</span>
          <input type="date" name="to" defaultValue={filters.to} className={control} />
        </label>
        <div className="flex items-end gap-3 sm:col-span-3">
          <Button type="submit">{t('filter')}</Button>
          <Link href="/settings/audit" className="text-sm text-accent-fg hover:underline">
            {t('clear')}
          </Link>
          <a
            href={`/api/audit/export?${query.toString()}`}
            className="ml-auto text-sm text-accent-fg hover:underline"
            data-testid="audit-export"
          >
            {t('export')}
          </a>
        </div>
      </form>
      {refused.length > 0 ? (
        <div className="mb-4">
          <RefusedFilters
            refused={refused}
            labels={{
              group: t('group'),
              action: t('action'),
              actorUserId: t('person'),
              mailboxId: t('mailbox'),
              from: t('from'),
              to: t('to'),
            }}
          />
        </div>
      ) : null}
      {page.rows.length === 0 ? <p className="text-sm text-fg-subtle">{t('empty')}</p> : null}
      <ul className="divide-y divide-line-subtle">
        {page.rows.map((row) => (
          <li key={row.id} className="py-2 text-sm" data-testid="audit-row" data-action={row.action}>
            <p>{wording.describe(row.description)}</p>
            <p className="text-xs text-fg-subtle">
              <LocalTime value={row.createdAt.toISOString()} /> · {row.action}
              {row.actorEmail ? ` · ${row.actorEmail}` : ''}
            </p>
          </li>
        ))}
      </ul>
      {page.nextCursor ? (
        <Link
          href={`/settings/audit?${new URLSearchParams([...query.entries(), ['cursor', page.nextCursor]]).toString()}`}
          className="mt-3 inline-block text-sm text-accent-fg hover:underline"
        >
          {t('older')}
        </Link>
      ) : null}
    </Card>
  );
}
