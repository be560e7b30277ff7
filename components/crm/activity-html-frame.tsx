'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';

/** The HTML version of an activity's e-mail, loaded into its sandboxed frame only when asked for. */
export function ActivityHtmlFrame({ activityId, initiallyOpen }: { activityId: string; initiallyOpen: boolean }) {
  const t = useTranslations('crm.activity');
  const [open, setOpen] = useState(initiallyOpen);
  if (!open) {
    return (
      <button type="button" className="text-sm font-medium text-accent-fg underline" onClick={() => setOpen(true)}>
        {t('showHtml')}
      </button>
    );
  }
  return (
    <div className="space-y-1">
      <iframe
        title={t('htmlVersion')}
        // Neither allow-scripts nor allow-same-origin: the e-mail is inert and cannot reach this page.
        sandbox="allow-popups allow-popups-to-escape-sandbox"
        referrerPolicy="no-referrer"
        src={`/api/crm/activities/${activityId}/body`}
        className="h-96 w-full rounded border border-line bg-surface"
      />
      <p className="text-xs text-fg-subtle">{t('imagesBlocked')}</p>
    </div>
  );
}
