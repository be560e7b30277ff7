'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useFolders } from './use-mail-data';
import { linkFilters, statusFilters, type MailLocation } from './use-mail-location';
import { useSearchCheck } from './use-search-check';

type Props = { location: MailLocation; onChange: (changes: Partial<MailLocation>) => void };

const toggle = <T,>(list: T[], value: T) => (list.includes(value) ? list.filter((v) => v !== value) : [...list, value]);

/** Search and filters; every change goes into the URL (see use-mail-location). */
export function FilterBar({ location, onChange }: Props) {
  const t = useTranslations('mail.filters');
  const tSearch = useTranslations('mail.search.errors');
  const [showMore, setShowMore] = useState(location.linked.length > 0 || Boolean(location.after || location.before));
  const [query, setQuery] = useState(location.q);
  const mailboxes = useFolders().data ?? [];
  const folders = mailboxes.find((m) => m.folders.some((f) => f.id === location.folderId))?.folders ?? [];
  const { problem, clear, preload, submit } = useSearchCheck(location.q, folders);
  const chip = (active: boolean) =>
    `rounded-full border px-2 py-0.5 text-xs ${active ? 'border-accent-line bg-accent-subtle text-accent-fg' : 'border-line-strong text-fg-muted hover:bg-surface-muted'}`;
  const filtered = location.q || location.status.length || location.linked.length || location.after || location.before;

  return (
    <div className="space-y-2 border-b border-line px-3 py-2">
      <form
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          submit(query, () => onChange({ q: query.trim(), messageId: null }));
        }}
      >
        <input
          id="mail-search"
          type="search"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            clear();
          }}
          onFocus={preload}
          placeholder={t('search')}
          aria-label={t('search')}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? 'mail-search-hint' : undefined}
          maxLength={200}
          className={`w-full rounded-md border px-3 py-1.5 text-sm ${problem ? 'border-danger' : 'border-line-strong'}`}
        />
        {problem && (
          <p id="mail-search-hint" role="alert" className="mt-1 text-xs text-danger-fg">
            {tSearch(problem.reason, { operator: problem.operator ?? '', value: problem.value ?? '' })}
          </p>
        )}
      </form>
      <div role="group" className="flex flex-wrap items-center gap-1.5" aria-label={t('status')}>
        {statusFilters.map((status) => (
          <button
            key={status}
            type="button"
            aria-pressed={location.status.includes(status)}
            className={chip(location.status.includes(status))}
            onClick={() => onChange({ status: toggle(location.status, status), messageId: null })}
          >
            {t(`statuses.${status}`)}
          </button>
        ))}
        <button
          type="button"
          className="text-xs text-fg-muted underline"
          aria-expanded={showMore}
          onClick={() => setShowMore(!showMore)}
        >
          {t('more')}
        </button>
        {filtered && (
          <button
            type="button"
            className="text-xs text-fg-muted underline"
            onClick={() => {
              setQuery('');
              clear();
              onChange({ q: '', status: [], linked: [], after: '', before: '', messageId: null });
            }}
          >
            {t('clear')}
          </button>
        )}
      </div>
      {showMore && (
        <div className="flex flex-wrap items-center gap-1.5">
          <span className="text-xs text-fg-subtle">{t('linkedTo')}</span>
          {linkFilters.map((kind) => (
            <button
              key={kind}
              type="button"
              aria-pressed={location.linked.includes(kind)}
              className={chip(location.linked.includes(kind))}
              onClick={() => onChange({ linked: toggle(location.linked, kind), messageId: null })}
            >
              {t(`links.${kind}`)}
            </button>
          ))}
          <label className="ml-2 flex items-center gap-1 text-xs text-fg-muted">
            {t('from')}
            <input
              type="date"
              value={location.after}
              max={location.before || undefined}
              onChange={(e) => onChange({ after: e.target.value, messageId: null })}
              className="rounded border border-line-strong px-1 py-0.5"
            />
          </label>
          <label className="flex items-center gap-1 text-xs text-fg-muted">
            {t('to')}
            <input
              type="date"
              value={location.before}
              min={location.after || undefined}
              onChange={(e) => onChange({ before: e.target.value, messageId: null })}
              className="rounded border border-line-strong px-1 py-0.5"
            />
          </label>
        </div>
      )}
    </div>
  );
}
