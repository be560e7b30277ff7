'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useEffect, useRef, useState } from 'react';
import type { AddressJson } from '@/db/schema';
import type { ComposeDefaults } from '@/lib/mail/send/prepare-reply';
import type { WebmailMailbox } from '@/lib/mail/webmail/list-mail-folders';
import { ApiError, apiGet, errorMessage } from '../mail-api';
import { useNotices } from '../notices';
import { mailKeys } from '../use-mail-data';
import type { ComposeRequest } from '../webmail';
import { AttachmentPicker, type PendingAttachment } from './attachment-picker';
import { RichTextEditor } from './rich-text-editor';
import { useDraftAutosave } from './use-draft-autosave';
import { sendComposed } from './send-composed';

type Props = { request: ComposeRequest; mailboxes: WebmailMailbox[]; defaultMailboxId?: string; onClose: () => void };

const formatAddresses = (list: AddressJson[]) => list.map((a) => (a.name ? `${a.name.replace(/[<>",]/g, ' ').trim()} <${a.address}>` : a.address)).join(', ');
const splitAddresses = (value: string) => value.split(/[,;\n]/).map((s) => s.trim()).filter(Boolean);

/** Compose, reply, reply-all and forward, in a window over the webmail (full screen on a phone). */
export function ComposeWindow({ request, mailboxes, defaultMailboxId, onClose }: Props) {
  const t = useTranslations('mail.composer');
  const defaults = useQuery({
    queryKey: ['mail', 'compose-defaults', request],
    queryFn: () => (request.mode === 'new' ? Promise.resolve(null) : apiGet<ComposeDefaults>(`/api/mail/messages/${request.messageId}/reply`, { mode: request.mode, timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone })),
    staleTime: Infinity,
  });
  if (mailboxes.length === 0) return <Shell title={t('title')} onClose={onClose}><p className="p-4 text-sm text-slate-700">{t('noSendableMailbox')}</p></Shell>;
  if (defaults.isPending) return <Shell title={t('title')} onClose={onClose}><p className="p-4 text-sm text-slate-500">{t('loading')}</p></Shell>;
  if (defaults.error) return <Shell title={t('title')} onClose={onClose}><p role="alert" className="p-4 text-sm text-red-700">{errorMessage(defaults.error)}</p></Shell>;
  return <ComposeForm defaults={defaults.data} mailboxes={mailboxes} defaultMailboxId={defaultMailboxId} onClose={onClose} />;
}

function Shell({ title, onClose, children }: { title: string; onClose: () => void; children: React.ReactNode }) {
  const t = useTranslations('mail.composer');
  return (
    <div role="dialog" aria-label={title} className="fixed inset-0 z-30 flex flex-col bg-white shadow-2xl md:inset-auto md:bottom-0 md:right-6 md:h-[36rem] md:w-[40rem] md:rounded-t-lg md:border md:border-slate-300">
      <div className="flex items-center justify-between rounded-t-lg bg-slate-800 px-3 py-2 text-sm text-white">
        <h2 className="font-semibold">{title}</h2>
        <button type="button" onClick={onClose} aria-label={t('close')} className="px-1">✕</button>
      </div>
      {children}
    </div>
  );
}

function ComposeForm({ defaults, mailboxes, defaultMailboxId, onClose }: { defaults: ComposeDefaults | null; mailboxes: WebmailMailbox[]; defaultMailboxId?: string; onClose: () => void }) {
  const t = useTranslations('mail.composer');
  const notices = useNotices();
  const client = useQueryClient();
  const preferred = defaults?.mailboxId ?? defaultMailboxId;
  const [mailboxId, setMailboxId] = useState(mailboxes.find((m) => m.id === preferred)?.id ?? mailboxes[0]!.id);
  const [to, setTo] = useState(formatAddresses(defaults?.to ?? []));
  const [cc, setCc] = useState(formatAddresses(defaults?.cc ?? []));
  const [bcc, setBcc] = useState('');
  const [showCc, setShowCc] = useState(Boolean(defaults?.cc.length));
  const [subject, setSubject] = useState(defaults?.subject ?? '');
  const signature = mailboxes.find((m) => m.id === mailboxId)?.signatureHtml;
  const [html, setHtml] = useState(() => `<p><br></p>${signature ? `<p>--<br>${signature}</p>` : ''}${defaults?.html ?? ''}`);
  const [attachments, setAttachments] = useState<PendingAttachment[]>(defaults?.forwardAttachments.filter((a) => !a.inline).map((a) => ({ key: `fwd-${a.id}`, kind: 'forwarded', id: a.id, filename: a.filename ?? '', size: a.size, progress: 1 })) ?? []);
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  // One key per message written: a double click, or a retry after a lost response, sends it once.
  const clientKey = useRef(crypto.randomUUID());
  const fields = { mailboxId, to: splitAddresses(to), cc: splitAddresses(cc), bcc: splitAddresses(bcc), subject, html };
  const draft = useDraftAutosave(fields);
  const uploading = attachments.some((a) => a.progress < 1);

  useEffect(() => {
    document.getElementById('compose-to')?.focus();
  }, []);

  const send = async () => {
    setError(null);
    setSending(true);
    try {
      const result = await sendComposed({
        ...fields,
        clientKey: clientKey.current,
        uploadIds: attachments.flatMap((a) => (a.kind === 'upload' && a.id ? [String(a.id)] : [])),
        forwardAttachmentIds: attachments.flatMap((a) => (a.kind === 'forwarded' ? [Number(a.id)] : [])),
        replyToMessageId: defaults?.replyToMessageId ?? undefined,
      });
      await draft.discard();
      void client.invalidateQueries({ queryKey: mailKeys.folders });
      void client.invalidateQueries({ queryKey: mailKeys.lists });
      notices.show(result.status === 'delivery_unknown' ? t('deliveryUnknown') : result.savedToSent ? t('sent') : t('sentNotSaved'), { tone: result.status === 'delivery_unknown' ? 'error' : 'info' });
      onClose();
    } catch (caught) {
      // The server answered with a refusal: nothing was sent, so a corrected message is a new one. Without an
      // answer (network) the key is kept: a retry then finds the first attempt instead of sending twice.
      if (caught instanceof ApiError) clientKey.current = crypto.randomUUID();
      setError(errorMessage(caught));
      setSending(false);
    }
  };

  const input = 'w-full border-0 border-b border-slate-200 px-1 py-1.5 text-sm focus:border-brand-500 focus:outline-none';
  return (
    <Shell title={t(defaults ? `titles.${defaults.mode}` : 'title')} onClose={() => (html.length > 20 || to || subject ? window.confirm(t('confirmClose')) && onClose() : onClose())}>
      <form
        className="flex min-h-0 flex-1 flex-col gap-1 p-3"
        onSubmit={(e) => {
          e.preventDefault();
          if (!sending && !uploading) void send();
        }}
      >
        <label className="flex items-center gap-2 text-sm text-slate-600">
          {t('from')}
          <select value={mailboxId} onChange={(e) => setMailboxId(e.target.value)} className="flex-1 border-0 border-b border-slate-200 py-1 text-sm">
            {mailboxes.map((m) => <option key={m.id} value={m.id}>{m.email}</option>)}
          </select>
        </label>
        <div className="flex items-center gap-2">
          <input id="compose-to" aria-label={t('to')} placeholder={t('to')} value={to} onChange={(e) => setTo(e.target.value)} className={input} />
          {!showCc && <button type="button" onClick={() => setShowCc(true)} className="text-xs text-brand-700">{t('ccBcc')}</button>}
        </div>
        {showCc && (
          <>
            <input aria-label={t('cc')} placeholder={t('cc')} value={cc} onChange={(e) => setCc(e.target.value)} className={input} />
            <input aria-label={t('bcc')} placeholder={t('bcc')} value={bcc} onChange={(e) => setBcc(e.target.value)} className={input} />
          </>
        )}
        <input aria-label={t('subject')} placeholder={t('subject')} value={subject} maxLength={998} onChange={(e) => setSubject(e.target.value)} className={input} />
        <RichTextEditor initialHtml={html} onChange={setHtml} label={t('body')} />
        <AttachmentPicker attachments={attachments} onChange={setAttachments} />
        {error && <p role="alert" className="text-sm text-red-700">{error}</p>}
        <div className="flex items-center gap-3 pt-1">
          <button type="submit" disabled={sending || uploading} className="rounded-md bg-brand-600 px-4 py-1.5 text-sm font-semibold text-white hover:bg-brand-700 disabled:opacity-60">
            {sending ? t('sending') : t('send')}
          </button>
          <span className="text-xs text-slate-500" aria-live="polite">{draft.status === 'saved' ? t('draftSaved') : draft.status === 'saving' ? t('draftSaving') : draft.status === 'error' ? t('draftFailed') : ''}</span>
        </div>
      </form>
    </Shell>
  );
}
