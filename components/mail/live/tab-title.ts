import type { WebmailMailbox } from '@/lib/mail/webmail/list-mail-folders';

const COUNT_PREFIX = /^\(\d+\+?\) /;

/** Unread mail in the INBOX of every mailbox the user reads, as the tab title shows it ("3", "999+"), or ''. */
export function inboxUnreadLabel(mailboxes: WebmailMailbox[] | undefined): string {
  let unread = 0;
  let more = false;
  for (const mailbox of mailboxes ?? [])
    for (const folder of mailbox.folders)
      if (folder.specialUse === 'inbox') {
        unread += folder.unread;
        more ||= folder.unreadMore;
      }
  return unread > 0 ? `${unread}${more ? '+' : ''}` : '';
}

/** "(3) Mail · Mailroom": the title with the count in front, replacing any count already there. */
export function titleWithCount(title: string, label: string): string {
  const base = title.replace(COUNT_PREFIX, '');
  return label ? `(${label}) ${base}` : base;
}
