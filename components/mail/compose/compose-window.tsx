'use client';

import { browserTimeZone } from '@/components/ui/local-time';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useEffect, useRef, useState, type RefObject } from 'react';
import { Dialog, DialogClose, DialogTitle, DialogWindow } from '@/components/ui/dialog';
import type { AddressJson } from '@/db/schema';
import type { ComposeDefaults } from '@/lib/mail/send/prepare-reply';
import type { WebmailMailbox } from '@/lib/mail/webmail/list-mail-folders';
import { ApiError, apiGet, errorMessage } from '../mail-api';
import { useNotices } from '../notices';
import { mailKeys } from '../use-mail-data';
import type { ComposeRequest } from '../webmail';
import { AttachmentPicker, type PendingAttachment } from './attachment-picker';
import { RecipientInput } from './recipient-input';
import { RichTextEditor } from './rich-text-editor';
import { useDraftAutosave } from './use-draft-autosave';
import { sendComposed } from './send-composed';

type Props = { request: ComposeRequest; mailboxes: WebmailMailbox[]; defaultMailboxId?: string; onClose: () => void };

const formatAddresses = (list: AddressJson[]) =>
  list.map((a) => (a.name ? `${a.name.replace(/[<>",]/g, ' ').trim()} <${a.address}>` : a.address)).join(', ');
const splitAddresses = (value: string) =>
  value
    .split(/[,;\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
const docked =
  'md:inset-auto md:bottom-0 md:right-6 md:h-[36rem] md:w-[40rem] md:rounded-t-lg md:border md:border-line-strong';

/**
 * Compose, reply, reply-all and forward, in a window docked over the webmail (full screen on a phone). Not
 * modal, like Gmail's: the list and the open message stay usable behind it.
 */
export function ComposeWindow({ request, mailboxes, defaultMailboxId, onClose }: Props) {
  const t = useTranslations('mail.composer');
  const defaults = useQuery({
    queryKey: ['mail', 'compose-defaults', request],
    queryFn: () =>
      request.mode === 'new'
        ? Promise.resolve(null)
        : apiGet<ComposeDefaults>(`/api/mail/messages/${request.messageId}/reply`, {
            mode: request.mode,
            timeZone: browserTimeZone(),
          }),
    staleTime: Infinity,
  });
  // The form says whether anything is written, so that ✕ and Esc both ask before throwing it away.
  const hasContent = useRef(() => false);
  const requestClose = () => {
    if (!hasContent.current() || window.confirm(t('confirmClose'))) onClose();
  };
  const title = request.mode === 'new' ? t('title') : t(`titles.${request.mode}`);
  return (
    <Shell title={title} onRequestClose={requestClose}>
      {mailboxes.length === 0 ? (
        <p className="p-4 text-sm text-fg-muted">{t('noSendableMailbox')}</p>
      ) : defaults.isPending ? (
        <p className="p-4 text-sm text-fg-subtle">{t('loading')}</p>
      ) : defaults.error ? (
        <p role="alert" className="p-4 text-sm text-danger-fg">
          {errorMessage(defaults.error)}
        </p>
      ) : (
        <ComposeForm
          defaults={defaults.data}
          mailboxes={mailboxes}
          defaultMailboxId={defaultMailboxId}
          hasContent={hasContent}
          onClose={onClose}
        />
      )}
    </Shell>
  );
}

type ShellProps = { title: string; onRequestClose: () => void; children: React.ReactNode };

function Shell({ title, onRequestClose, children }: ShellProps) {
  const t = useTranslations('mail.composer');
  const panel = useRef<HTMLDivElement>(null);
  return (
    <Dialog
      open
      modal={false}
      onOpenChange={(open) => {
        if (!open) onRequestClose();
      }}
    >
      <DialogWindow
        ref={panel}
        aria-describedby={undefined}
        // Full screen on a phone; from md: docked bottom-right over the webmail.
        className={`inset-0 flex flex-col bg-surface shadow-2xl ${docked}`}
        // Focus goes to To once the form is there (ComposeForm), not to ✕, the first button in the window.
        onOpenAutoFocus={(e) => e.preventDefault()}
        // Clicking the list or the open message is using them, not leaving the draft.
        onInteractOutside={(e) => e.preventDefault()}
        // Esc is the window's only while the user is in it: an Esc pressed in the list is not meant for it, nor
        // one that closes an open list of suggested recipients.
        onEscapeKeyDown={(e) => {
          const target = e.target instanceof HTMLElement ? e.target : null;
          if (!panel.current?.contains(document.activeElement) || target?.getAttribute('aria-expanded') === 'true')
            e.preventDefault();
        }}
      >
        <div className="flex items-center justify-between rounded-t-lg bg-inverse px-3 py-2 text-sm text-on-inverse">
          <DialogTitle>{title}</DialogTitle>
          <DialogClose aria-label={t('close')} className="px-1">
            ✕
          </DialogClose>
        </div>
        {children}
      </DialogWindow>
    </Dialog>
  );
}

type FormProps = {
  defaults: ComposeDefaults | null;
  mailboxes: WebmailMailbox[];
  defaultMailboxId?: string;
  hasContent: RefObject<() => boolean>;
  onClose: () => void;
};

function ComposeForm({ defaults, mailboxes, defaultMailboxId, hasContent, onClose }: FormProps) {
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
  // The signature as the user wrote it: no separator of our own ("--" is theirs to type, or not).
  const [html, setHtml] = useState(() => `<p></p>${signature ?? ''}${defaults?.html ?? ''}`);
  const initialHtml = useRef(html);
  const [attachments, setAttachments] = useState<PendingAttachment[]>(
    defaults?.forwardAttachments
      .filter((a) => !a.inline)
      .map((a) => ({
        key: `fwd-${a.id}`,
        kind: 'forwarded',
        id: a.id,
        filename: a.filename ?? '',
        size: a.size,
        progress: 1,
      })) ?? [],
  );
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

  useEffect(() => {
    hasContent.current = () => html !== initialHtml.current || Boolean(to) || Boolean(subject);
  }, [hasContent, html, to, subject]);

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
      notices.show(
        result.status === 'delivery_unknown'
          ? t('deliveryUnknown')
          : result.savedToSent
            ? t('sent')
            : t('sentNotSaved'),
        { tone: result.status === 'delivery_unknown' ? 'error' : 'info' },
      );
      onClose();
    } catch (caught) {
      // The server answered with a refusal: nothing was sent, so a corrected message is a new one. Without an
      // answer (network) the key is kept: a retry then finds the first attempt instead of sending twice.
      if (caught instanceof ApiError) clientKey.current = crypto.randomUUID();
      setError(errorMessage(caught));
      setSending(false);
    }
  };

  const input = 'w-full border-0 border-b border-line px-1 py-1.5 text-sm focus:border-accent-line focus:outline-none';
  return (
    <form
      className="flex min-h-0 flex-1 flex-col gap-1 p-3"
      onSubmit={(e) => {
        e.preventDefault();
        if (!sending && !uploading) void send();
      }}
    >
      <label className="flex items-center gap-2 text-sm text-fg-muted">
        {t('from')}
        <select
          value={mailboxId}
          onChange={(e) => setMailboxId(e.target.value)}
          className="flex-1 border-0 border-b border-line py-1 text-sm"
        >
          {mailboxes.map((m) => (
            <option key={m.id} value={m.id}>
              {m.email}
            </option>
          ))}
        </select>
      </label>
      <div className="flex items-center gap-2">
        <RecipientInput
          id="compose-to"
          label={t('to')}
          value={to}
          onChange={setTo}
          mailboxId={mailboxId}
          className={input}
        />
        {!showCc && (
          <button type="button" onClick={() => setShowCc(true)} className="text-xs text-accent-fg">
            {t('ccBcc')}
          </button>
        )}
      </div>
      {showCc && (
        <>
          <RecipientInput label={t('cc')} value={cc} onChange={setCc} mailboxId={mailboxId} className={input} />
          <RecipientInput label={t('bcc')} value={bcc} onChange={setBcc} mailboxId={mailboxId} className={input} />
        </>
      )}
      <input
        aria-label={t('subject')}
        placeholder={t('subject')}
        value={subject}
        maxLength={998}
        onChange={(e) => setSubject(e.target.value)}
        className={input}
      />
      {defaults?.notice && (
        <p role="status" className="rounded-md bg-warning-subtle px-3 py-2 text-sm text-warning-fg">
          {defaults.notice}
        </p>
      )}
      <RichTextEditor initialHtml={html} onChange={setHtml} label={t('body')} />
      <AttachmentPicker attachments={attachments} onChange={setAttachments} />
      {error && (
        <p role="alert" className="text-sm text-danger-fg">
          {error}
        </p>
      )}
      <div className="flex items-center gap-3 pt-1">
        <button
          type="submit"
          disabled={sending || uploading}
          className="rounded-md bg-accent px-4 py-1.5 text-sm font-semibold text-on-accent hover:bg-accent-hover disabled:opacity-60"
        >
          {sending ? t('sending') : t('send')}
        </button>
        <span className="text-xs text-fg-subtle" aria-live="polite">
          {draft.status === 'saved'
            ? t('draftSaved')
            : draft.status === 'saving'
              ? t('draftSaving')
              : draft.status === 'error'
                ? t('draftFailed')
                : ''}
        </span>
      </div>
    </form>
  );
}
