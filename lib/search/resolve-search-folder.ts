/** A folder as `in:` may name it. */
export type SearchableFolder = { id: number; name: string; path: string; specialUse: string | null };

// What people call the special folders; "spam" is the Junk folder whatever the server names it.
const specialNames: Record<string, string> = {
  inbox: 'inbox',
  sent: 'sent',
  drafts: 'drafts',
  draft: 'drafts',
  trash: 'trash',
  bin: 'trash',
  spam: 'junk',
  junk: 'junk',
  archive: 'archive',
};

/**
 * The folder `in:<name>` means: a special-use name first (in:sent finds "Sent Items" or "[Gmail]/Sent Mail"),
 * then the folder's name, then its full path, all without regard to case. Null when none is called so.
 */
export function resolveSearchFolder<F extends SearchableFolder>(name: string, folders: F[]): F | null {
  const wanted = name.trim().toLowerCase();
  const special = specialNames[wanted];
  return (
    (special ? folders.find((f) => f.specialUse === special) : undefined) ??
    folders.find((f) => f.name.toLowerCase() === wanted) ??
    folders.find((f) => f.path.toLowerCase() === wanted) ??
    null
  );
}
