import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { ContactForm } from '@/components/crm/contact-form';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { RefusedFilters } from '@/components/ui/refused-filters';
import { getDb } from '@/db/client';
import { listContacts } from '@/lib/crm/list-contacts';
import { listColleagues } from '@/lib/users/list-colleagues';
import { actorOf, requireSession } from '@/server/session';
import { listFromQuery, singleParam } from '../../list-from-query';
import { createContactAction } from '../actions';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('crm'))('contacts.title') };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function ContactsPage({ searchParams }: Props) {
  const session = await requireSession();
  const actor = actorOf(session);
  const query = await searchParams;
  // A search or a cursor listContacts refuses is left out (listFromQuery says how); the form shows what applied.
  const [{ list: page, applied, refused }, colleagues] = await Promise.all([
    listFromQuery({ q: singleParam(query.q), cursor: singleParam(query.cursor) }, (filters) =>
      listContacts(getDb(), { actor, ...filters }),
    ),
    listColleagues(getDb(), { actor }),
  ]);
  const q = applied.q;
  const t = await getTranslations('crm');
  return (
    <div className="space-y-6">
      <form className="flex gap-2" role="search">
        <label htmlFor="q" className="sr-only">
          {t('contacts.search')}
        </label>
        <input
          id="q"
          name="q"
          type="search"
          defaultValue={q}
          placeholder={t('contacts.searchPlaceholder')}
          className="block w-full max-w-sm rounded-md border border-line-strong px-3 py-2 text-sm"
        />
        <Button type="submit" variant="secondary">
          {t('contacts.search')}
        </Button>
      </form>
      <RefusedFilters refused={refused} labels={{ q: t('contacts.search') }} />
      {page.items.length === 0 ? (
        <p className="text-sm text-fg-subtle">{q ? t('contacts.noMatch') : t('contacts.none')}</p>
      ) : (
        <table className="w-full text-left text-sm" data-testid="crm-contacts">
          <thead className="border-b border-line text-fg-subtle">
            <tr>
              <th className="py-2 pr-3 font-medium">{t('contacts.columns.name')}</th>
              <th className="py-2 pr-3 font-medium">{t('contacts.columns.emails')}</th>
              <th className="py-2 pr-3 font-medium">{t('contacts.columns.company')}</th>
              <th className="py-2 font-medium">{t('contacts.columns.responsible')}</th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((contact) => (
              <tr key={contact.id} className="border-b border-line-subtle">
                <td className="py-2 pr-3">
                  <Link href={`/crm/contacts/${contact.id}`} className="font-medium text-accent-fg hover:underline">
                    {contact.name}
                  </Link>
                </td>
                <td className="py-2 pr-3 text-fg-muted">{contact.emails.join(', ')}</td>
                <td className="py-2 pr-3 text-fg-muted">{contact.company}</td>
                <td className="py-2 text-fg-muted">{contact.responsibleName ?? t('nobody')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {page.nextCursor ? (
        <Link
          href={`/crm/contacts?${new URLSearchParams({ ...(q ? { q } : {}), cursor: page.nextCursor })}`}
          className="text-sm font-medium text-accent-fg hover:underline"
        >
          {t('more')}
        </Link>
      ) : null}
      <Card title={t('contacts.new')}>
        <ContactForm action={createContactAction} colleagues={colleagues} />
      </Card>
    </div>
  );
}
