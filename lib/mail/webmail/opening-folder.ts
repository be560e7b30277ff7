/**
 * The folder the webmail opens when the URL names none: the first mailbox's inbox, else its first folder.
 * Shared by the page's server-rendered first list (first-list-page.ts) and the webmail itself, which must agree
 * for the rows in the HTML to be the ones the browser shows.
 */
export function defaultFolderId(mailboxes: { folders: { id: number; specialUse: string | null }[] }[]): number | null {
  const first = mailboxes[0];
  return first?.folders.find((f) => f.specialUse === 'inbox')?.id ?? first?.folders[0]?.id ?? null;
}
