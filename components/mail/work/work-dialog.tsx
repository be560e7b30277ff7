'use client';

import { useMutation } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useRef, type ReactNode } from 'react';
import { Dialog, DialogContent, DialogDescription, DialogTitle } from '@/components/ui/dialog';
import { apiPost, errorMessage } from '../mail-api';
import { useNotices } from '../notices';
import { EventForm } from './event-form';
import { ChatForm } from './chat-form';
import { FeedForm } from './feed-form';
import { LinkTaskForm, TaskForm } from './task-form';
import { useRefreshLinkedMessages } from './use-work';
import type { WorkRequest } from './work-kinds';

export type SubmitWork = (path: string, body: Record<string, unknown>, done: { notice: string }) => void;
export type WorkFormProps = {
  request: WorkRequest;
  submit: SubmitWork;
  pending: boolean;
  error: string | null;
  onCancel: () => void;
};

/** The form for making one kind of work from the chosen messages, in a modal. Esc or a click outside cancels. */
export function WorkDialog({ request, onClose }: { request: WorkRequest; onClose: () => void }) {
  const t = useTranslations('mail.work');
  const notices = useNotices();
  const refresh = useRefreshLinkedMessages();
  // A double click reaches the handler twice before React re-renders with isPending: the ref sees both.
  const inFlight = useRef(false);
  const mutation = useMutation({
    mutationFn: ({ path, body }: { path: string; body: Record<string, unknown>; notice: string }) =>
      apiPost(path, body),
    onSettled: () => {
      inFlight.current = false;
    },
    onSuccess: (_result, { notice }) => {
      notices.show(notice);
      refresh(request.sources.map((s) => s.id));
      onClose();
    },
  });
  const props: WorkFormProps = {
    request,
    submit: (path, body, done) => {
      if (inFlight.current) return;
      inFlight.current = true;
      mutation.mutate({ path, body, notice: done.notice });
    },
    pending: mutation.isPending,
    error: mutation.error ? errorMessage(mutation.error) : null,
    onCancel: onClose,
  };
  const forms: Record<WorkRequest['kind'], ReactNode> = {
    task: <TaskForm {...props} />,
    linkTask: <LinkTaskForm {...props} />,
    calendar: <EventForm {...props} />,
    chat: <ChatForm {...props} />,
    feed: <FeedForm {...props} />,
  };
  const count = request.sources.length;
  const about = { count, others: count - 1, subject: request.sources[0]?.subject || t('noSubject') };
  return (
    <Dialog
      open
      onOpenChange={(open) => {
        if (!open) onClose();
      }}
    >
      <DialogContent className="max-w-lg">
        <DialogTitle className="mb-1 text-base">{t(`title.${request.kind}`)}</DialogTitle>
        <DialogDescription className="mb-3 truncate">{t('about', about)}</DialogDescription>
        {forms[request.kind]}
      </DialogContent>
    </Dialog>
  );
}

export function FormButtons({
  pending,
  error,
  onCancel,
  label,
}: {
  pending: boolean;
  error: string | null;
  onCancel: () => void;
  label: string;
}) {
  const t = useTranslations('mail.work');
  return (
    <>
      {error && (
        <p role="alert" className="text-sm text-danger-fg">
          {error}
        </p>
      )}
      <div className="flex justify-end gap-2 pt-2">
        <button type="button" onClick={onCancel} className="rounded-md border border-line-strong px-3 py-1.5 text-sm">
          {t('cancel')}
        </button>
        <button
          type="submit"
          disabled={pending}
          className="rounded-md bg-accent px-3 py-1.5 text-sm font-medium text-on-accent hover:bg-accent-hover disabled:opacity-60"
        >
          {pending ? t('saving') : label}
        </button>
      </div>
    </>
  );
}

export const inputClass =
  'block w-full rounded-md border border-line-strong px-2.5 py-1.5 text-sm focus:border-accent-line focus:outline-none focus:ring-2 focus:ring-focus/30';
export const labelClass = 'block space-y-1 text-sm font-medium text-fg-muted';
