'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { linkFilters, statusFilters, type MailLocation } from './use-mail-location';

type Props = { location: MailLocation; onChange: (changes: Partial<MailLocation>) => void };

const toggle = <T,>(list: T[], value: T) => (list.includes(value) ? list.filter((v) => v !== value) : [...list, value]);

/** Search and filters; every change goes into the URL (see use-mail-location). */
export function FilterBar({ location, onChange }: Props) {
  const t = useTranslations('mail.filters');
  const [showMore, setShowMore] = useState(location.linked.length > 0 || Boolean(location.after || location.before));
  const [query, setQuery] = useState(location.q);
  const chip = (active: boolean) =>
    `rounded-full border px-2 py-0.5 text-xs ${active ? 'border-brand-600 bg-brand-50 text-brand-700' : 'border-slate-300 text-slate-600 hover:bg-slate-100'}`;
  const filtered = location.q || location.status.length || location.linked.length || location.after || location.before;

  return (
    <div className="space-y-2 border-b border-slate-200 px-3 py-2">
      <form
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          onChange({ q: query.trim(), messageId: null });
        }}
      >
        <input
          id="mail-search"
          type="search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder={t('search')}
          aria-label={t('search')}
          maxLength={200}
          className="w-full rounded-md border border-slate-300 px-3 py-1.5 text-sm"
        />
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
          className="text-xs text-slate-600 underline"
          aria-expanded={showMore}
          onClick={() => setShowMore(!showMore)}
        >
          {t('more')}
        </button>
        {filtered && (
          <button
            type="button"
            className="text-xs text-slate-600 underline"
            onClick={() => {
              setQuery('');
              onChange({ q: '', status: [], linked: [], after: '', before: '', messageId: null });
            }}
          >
            {t('clear')}
          </button>
        )}
      </div>
      {showMore && (
        <div className="flex flex-wrap items-center gap-1.5">
          <span className="text-xs text-slate-500">{t('linkedTo')}</span>
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
          <label className="ml-2 flex items-center gap-1 text-xs text-slate-600">
            {t('from')}
            <input
              type="date"
              value={location.after}
              max={location.before || undefined}
              onChange={(e) => onChange({ after: e.target.value, messageId: null })}
              className="rounded border border-slate-300 px-1 py-0.5"
            />
          </label>
          <label className="flex items-center gap-1 text-xs text-slate-600">
            {t('to')}
            <input
              type="date"
              value={location.before}
              min={location.after || undefined}
              onChange={(e) => onChange({ before: e.target.value, messageId: null })}
              className="rounded border border-slate-300 px-1 py-0.5"
            />
          </label>
        </div>
      )}
    </div>
  );
}
