'use client';

import { useTranslations } from 'next-intl';
import { Dialog, DialogClose, DialogContent, DialogTitle } from '@/components/ui/dialog';
import { shortcutKeys } from './use-shortcuts';

/** The `?` sheet listing the keyboard shortcuts. Esc, a click outside or Close ends it. */
export function ShortcutHelp({ onClose }: { onClose: () => void }) {
  const t = useTranslations('mail.shortcuts');
  return (
    <Dialog
      open
      onOpenChange={(open) => {
        if (!open) onClose();
      }}
    >
      {/* The list is the whole content: nothing to describe beyond the title. */}
      <DialogContent className="max-w-sm" aria-describedby={undefined}>
        <DialogTitle className="mb-3 text-base">{t('title')}</DialogTitle>
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
          {shortcutKeys.map((key) => (
            <div key={key} className="contents">
              <dt>
                <kbd className="rounded border border-line-strong bg-surface-subtle px-1.5 font-mono text-xs">
                  {key === 'U' ? 'shift+u' : key}
                </kbd>
              </dt>
              <dd className="text-fg-muted">
                {t(`keys.${key === '#' ? 'delete' : key === '/' ? 'search' : key === '?' ? 'help' : key}`)}
              </dd>
            </div>
          ))}
        </dl>
        <DialogClose className="mt-4 rounded-md border border-line-strong px-3 py-1.5 text-sm">
          {t('close')}
        </DialogClose>
      </DialogContent>
    </Dialog>
  );
}
