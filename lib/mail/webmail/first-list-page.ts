import type { DbOrTx } from '@/db/client';
import type { Actor } from '../../access/actor';
import { isAppError } from '../../errors';
import type { MailView } from '../../users/set-mail-view';
import { firstInboxId } from './first-inbox';
import { type ConversationPage, listConversations } from './list-conversations';
import type { WebmailMailbox } from './list-mail-folders';
import { listMessages, type MessagePage } from './list-messages';
import { defaultFolderId } from './opening-folder';

/** The first page of the folder the webmail opens, as GET /api/mail/{conversations,messages} answers it. */
export type FirstListPage =
  | { view: 'conversations'; folderId: number; page: ConversationPage }
  | { view: 'messages'; folderId: number; page: MessagePage };

export type PageParams = Record<string, string | string[] | undefined>;
type UserActor = Extract<Actor, { kind: 'user' }>;

// What a filtered list shows depends on the browser's time zone (days become local midnights): those lists are
// fetched by the client, as is any page after the first.
const FILTERS = ['q', 'status', 'linked', 'after', 'before'] as const;

const firstValue = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** The folder the URL names, read as the webmail reads it (components/mail/use-mail-location.ts). */
function askedFolderId(params: PageParams): number | null {
  const asked = firstValue(params.folder);
  return asked && /^\d+$/.test(asked) ? Number(asked) : null;
}

async function listPage(db: DbOrTx, actor: UserActor, view: MailView, folderId: number) {
  try {
    const page: FirstListPage =
      view === 'conversations'
        ? { view, folderId, page: await listConversations(db, { actor, folderId }) }
        : { view, folderId, page: await listMessages(db, { actor, folderId }) };
    return page;
  } catch (error) {
    // Not there, or not the reader's: the client asks, and shows the refusal as it always has.
    if (isAppError(error) && (error.code === 'not_found' || error.code === 'forbidden')) return null;
    throw error;
  }
}

/**
 * The list rendered with the /mail page, so its rows are in the HTML: only for a document load (a client-side
 * navigation already has its lists in the query cache) of an unfiltered list, null otherwise. Null also when
 * there is no folder, or it is not there or not the actor's to read; any other failure is the page's.
 * The folder pane and the view may be given as promises still running: the list starts as soon as its folder
 * is known (the URL's, or the first inbox found by one query) and the view, instead of after the pane's
 * unread counts, and the pane's own choice (defaultFolderId) is checked when it arrives.
 */
export async function firstListPage(
  db: DbOrTx,
  options: {
    actor: UserActor;
    mailboxes: WebmailMailbox[] | Promise<WebmailMailbox[]>;
    view: MailView | Promise<MailView>;
    params: PageParams;
    documentLoad: boolean;
  },
): Promise<FirstListPage | null> {
  const { actor, params } = options;
  if (!options.documentLoad || FILTERS.some((name) => firstValue(params[name]))) return null;
  const asked = askedFolderId(params);
  const start = async () => {
    const [guess, view] = await Promise.all([asked ?? firstInboxId(db, actor), options.view]);
    return guess === null ? null : { folderId: guess, list: await listPage(db, actor, view, guess) };
  };
  const [mailboxes, early] = await Promise.all([options.mailboxes, start()]);
  const folderId = asked ?? defaultFolderId(mailboxes);
  if (!folderId) return null;
  if (early?.folderId === folderId) return early.list;
  // The guess missed: the pane lists mailboxes connected at the same moment in another order, say.
  return listPage(db, actor, await options.view, folderId);
}
