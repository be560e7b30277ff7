'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { useState } from 'react';
import type { FolderView } from '@/lib/mail/webmail/list-mail-folders';
import type { MessageListItem } from '@/lib/mail/webmail/list-messages';
import type { ActionName } from './use-message-actions';
import { workKinds, type WorkKind } from './work/work-kinds';

type Props = {
  item: MessageListItem;
  selected: boolean;
  active: boolean;
  focused: boolean;
  onToggle: (shiftKey: boolean) => void;
  onOpen: () => void;
  onAction: (action: ActionName, folderId?: number) => void;
  moveTargets: FolderView[];
  onWork: (kind: WorkKind) => void;
};

function MenuItem({ label, onSelect }: { label: string; onSelect: () => void }) {
  return (
    <li role="none">
      <button type="button" role="menuitem" className="block w-full px-3 py-1.5 text-left hover:bg-slate-100" onClick={onSelect}>
        {label}
      </button>
    </li>
  );
}

function RowMenu({ item, onAction, onWork, moveTargets }: { item: MessageListItem; onAction: Props['onAction']; onWork: Props['onWork']; moveTargets: FolderView[] }) {
  const t = useTranslations('mail.actions');
  const tMail = useTranslations('mail');
  const [open, setOpen] = useState(false);
  const choose = (action: ActionName, folderId?: number) => {
    setOpen(false);
    onAction(action, folderId);
  };
  const entries: ActionName[] = [item.seen ? 'unread' : 'read', item.flagged ? 'unflag' : 'flag', 'spam', 'delete'];
  return (
    <div className="relative" onClick={(e) => e.stopPropagation()}>
      <button type="button" aria-label={t('menu')} aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen(!open)} className="rounded px-1 text-slate-500 hover:bg-slate-200">
        ⋯
      </button>
      {open && (
        <ul role="menu" className="absolute left-0 top-6 z-20 max-h-72 w-52 overflow-y-auto rounded-md border border-slate-200 bg-white py-1 text-sm shadow-lg" onMouseLeave={() => setOpen(false)}>
          {entries.map((action) => (
            <MenuItem key={action} label={t(action)} onSelect={() => choose(action)} />
          ))}
          {moveTargets.map((folder) => (
            <MenuItem key={folder.id} label={t('moveTo', { folder: folder.specialUse ? tMail(`special.${folder.specialUse}`) : folder.name })} onSelect={() => choose('move', folder.id)} />
          ))}
          {workKinds.map((kind) => (
            <MenuItem
              key={kind}
              label={tMail(`work.start.${kind}`)}
              onSelect={() => {
                setOpen(false);
                onWork(kind);
              }}
            />
          ))}
        </ul>
      )}
    </div>
  );
}

/** One line of the message list: sender with its action menu, date, subject, snippet and badges. */
export function MessageRow({ item, selected, active, focused, onToggle, onOpen, onAction, onWork, moveTargets }: Props) {
  const t = useTranslations('mail');
  const format = useFormatter();
  const received = new Date(item.receivedAt);
  const today = new Date().toDateString() === received.toDateString();
  return (
    <div
      role="row"
      aria-selected={active}
      data-message-id={item.id}
      onClick={onOpen}
      className={`flex h-full cursor-pointer gap-3 border-b border-slate-100 px-3 py-2 ${active ? 'bg-brand-50' : selected ? 'bg-sky-50' : 'bg-white hover:bg-slate-50'} ${focused ? 'outline outline-2 -outline-offset-2 outline-brand-400' : ''}`}
    >
      <input
        type="checkbox"
        aria-label={t('select', { subject: item.subject || t('noSubject') })}
        checked={selected}
        onClick={(e) => {
          e.stopPropagation();
          onToggle(e.shiftKey);
        }}
        onChange={() => {}}
        className="mt-1 size-4 shrink-0"
      />
      <div className="min-w-0 flex-1">
        <div className="flex items-center gap-1">
          {!item.seen && <span className="size-2 shrink-0 rounded-full bg-brand-600" aria-label={t('unread')} />}
          <span className={`truncate text-sm ${item.seen ? 'text-slate-700' : 'font-semibold text-slate-900'}`}>{item.fromName || item.fromAddress || t('unknownSender')}</span>
          <RowMenu item={item} onAction={onAction} onWork={onWork} moveTargets={moveTargets} />
          <time dateTime={item.receivedAt} className="ml-auto shrink-0 text-xs text-slate-500">
            {today ? format.dateTime(received, { hour: '2-digit', minute: '2-digit' }) : format.dateTime(received, { day: 'numeric', month: 'short', year: received.getFullYear() === new Date().getFullYear() ? undefined : 'numeric' })}
          </time>
        </div>
        <div className={`truncate text-sm ${item.seen ? 'text-slate-700' : 'font-semibold text-slate-900'}`}>{item.subject || t('noSubject')}</div>
        <div className="flex items-center gap-1.5">
          <span className="truncate text-xs text-slate-500">{item.bodyState === 'too_large' ? t('tooLarge') : item.snippet}</span>
          <span className="ml-auto flex shrink-0 gap-1">
            {item.flagged && <span className="text-xs text-amber-600" aria-label={t('flagged')}>★</span>}
            {item.answered && <span className="text-xs text-slate-500" aria-label={t('answered')}>↩</span>}
            {item.hasAttachments && <span className="text-xs text-slate-500" aria-label={t('hasAttachments')}>📎</span>}
            {item.linkKinds.map((kind) => (
              <span key={kind} className="rounded bg-emerald-100 px-1.5 text-[10px] font-semibold uppercase text-emerald-800">
                {t(`linked.${kind}`)}
              </span>
            ))}
          </span>
        </div>
      </div>
    </div>
  );
}
