'use client';

import { useTranslations } from 'next-intl';
import type { MessageView as Message } from '@/lib/mail/webmail/get-message';
import type { ActionName } from './use-message-actions';
import { workKinds, type WorkKind } from './work/work-kinds';

export type ReplyMode = 'reply' | 'replyAll' | 'forward';

type Props = {
  message: Message;
  onAction: (action: ActionName) => void;
  onReply: (mode: ReplyMode) => void;
  onWork: (kind: WorkKind) => void;
};

/** The reading pane's actions on the open message: answer, mark, file away, and turn it into work. */
export function MessageActionsBar({ message, onAction, onReply, onWork }: Props) {
  const t = useTranslations('mail');
  const button =
    'rounded border border-slate-300 bg-white px-2.5 py-1 text-xs font-medium text-slate-700 hover:bg-slate-100';
  return (
    <>
      <div className="flex flex-wrap gap-1.5">
        <button type="button" className={button} onClick={() => onReply('reply')}>
          {t('reply')}
        </button>
        <button type="button" className={button} onClick={() => onReply('replyAll')}>
          {t('replyAll')}
        </button>
        <button type="button" className={button} onClick={() => onReply('forward')}>
          {t('forward')}
        </button>
        <button type="button" className={button} onClick={() => onAction(message.seen ? 'unread' : 'read')}>
          {t(message.seen ? 'actions.unread' : 'actions.read')}
        </button>
        <button type="button" className={button} onClick={() => onAction(message.flagged ? 'unflag' : 'flag')}>
          {t(message.flagged ? 'actions.unflag' : 'actions.flag')}
        </button>
        <button type="button" className={button} onClick={() => onAction('spam')}>
          {t('actions.spam')}
        </button>
        <button type="button" className={button} onClick={() => onAction('delete')}>
          {t('actions.delete')}
        </button>
      </div>
      <div role="group" aria-label={t('work.group')} className="flex flex-wrap gap-1.5">
        {workKinds.map((kind) => (
          <button
            key={kind}
            type="button"
            className={`${button} border-emerald-300 text-emerald-800`}
            onClick={() => onWork(kind)}
          >
            {t(`work.start.${kind}`)}
          </button>
        ))}
      </div>
    </>
  );
}
