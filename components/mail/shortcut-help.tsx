'use client';

import { useTranslations } from 'next-intl';
import { shortcutKeys } from './use-shortcuts';

/** The `?` sheet listing the keyboard shortcuts. */
export function ShortcutHelp({ onClose }: { onClose: () => void }) {
  const t = useTranslations('mail.shortcuts');
  return (
    <div role="dialog" aria-modal="true" aria-label={t('title')} className="fixed inset-0 z-40 flex items-center justify-center bg-slate-900/40 p-4" onClick={onClose}>
      <div className="w-full max-w-sm rounded-lg bg-white p-5 shadow-xl" onClick={(e) => e.stopPropagation()}>
        <h2 className="mb-3 text-base font-semibold">{t('title')}</h2>
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
          {shortcutKeys.map((key) => (
            <div key={key} className="contents">
              <dt>
                <kbd className="rounded border border-slate-300 bg-slate-50 px-1.5 font-mono text-xs">{key === 'U' ? 'shift+u' : key}</kbd>
              </dt>
              <dd className="text-slate-700">{t(`keys.${key === '#' ? 'delete' : key === '/' ? 'search' : key === '?' ? 'help' : key}`)}</dd>
            </div>
          ))}
        </dl>
        <button type="button" onClick={onClose} className="mt-4 rounded-md border border-slate-300 px-3 py-1.5 text-sm">
          {t('close')}
        </button>
      </div>
    </div>
  );
}
