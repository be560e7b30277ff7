'use client';

import { useMutation } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useState, type FormEvent } from 'react';
import type { ChatMemberView } from '@/lib/chat/chat-members';
import { Button } from '../ui/button';
import { apiPost, errorMessage } from '../mail/mail-api';
import { ColleagueOptions } from '@/components/people/colleague-options';
import { useColleagues } from '@/components/people/use-colleagues';

/** Who is in the chat; any member may bring in more colleagues, who then see the whole conversation. */
export function ChatMembers({ chatId, initialMembers }: { chatId: string; initialMembers: ChatMemberView[] }) {
  const t = useTranslations('chat.members');
  const [members, setMembers] = useState(initialMembers);
  const colleagues = useColleagues();
  const add = useMutation({
    mutationFn: (userIds: string[]) => apiPost<ChatMemberView[]>(`/api/chat/${chatId}/members`, { userIds }),
    onSuccess: setMembers,
  });
  const candidates = (colleagues.data ?? []).filter((c) => !members.some((m) => m.id === c.id));

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const userIds = new FormData(form).getAll('userIds').map(String);
    if (userIds.length > 0) add.mutate(userIds, { onSuccess: () => form.reset() });
  };

  return (
    <section aria-labelledby="chat-members-heading" className="space-y-2">
      <h2 id="chat-members-heading" className="text-sm font-semibold text-fg-muted">
        {t('heading', { count: members.length })}
      </h2>
      <ul className="flex flex-wrap gap-1.5" data-testid="chat-members">
        {members.map((member) => (
          <li
            key={member.id}
            title={member.email}
            className="rounded-full bg-surface-muted px-2.5 py-0.5 text-xs text-fg-muted"
          >
            {member.name}
          </li>
        ))}
      </ul>
      <details className="text-sm">
        <summary className="cursor-pointer text-accent-fg">{t('add')}</summary>
        <form onSubmit={submit} className="mt-2 space-y-2">
          <fieldset className="max-h-40 space-y-1 overflow-y-auto">
            <legend className="sr-only">{t('choose')}</legend>
            {candidates.length === 0 && !colleagues.isPending ? (
              <p className="text-fg-subtle">{t('everyoneIsIn')}</p>
            ) : null}
            <ColleagueOptions colleagues={candidates} name="userIds" />
          </fieldset>
          <Button type="submit" variant="secondary" disabled={add.isPending || candidates.length === 0}>
            {t('addButton')}
          </Button>
          {add.error ? (
            <p role="alert" className="text-danger-fg">
              {errorMessage(add.error)}
            </p>
          ) : null}
        </form>
      </details>
    </section>
  );
}
