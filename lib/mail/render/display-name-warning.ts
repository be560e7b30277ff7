// Characters that reorder or hide text: bidi embeddings, overrides and isolates, zero-width characters, and
// the C0/C1 controls (a NUL or CR/LF can cut a name short in some views).
const HIDDEN = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;
const REORDERING = /[\u061c\u202a-\u202e\u2066-\u2069]/;
// Something that reads as an address once normalised: "ceo@bank.example", "ceo＠bank.example" (fullwidth).
const ADDRESS_LIKE = /[^\s<>()[\]"',;:@]+@[^\s<>()[\]"',;:@]+\.[^\s<>()[\]"',;:@]{2,}/gu;

/** The display name as it can be shown: bidi and control characters removed, spaces collapsed. */
export function cleanDisplayName(name: string): string {
  return name.replace(HIDDEN, '').replace(/\s+/g, ' ').trim();
}

/**
 * A warning for the reader when the sender's display name shows an e-mail address other than the one the
 * message is really from (the classic "ceo@bank.example" <x@attacker.example>), or hides text-reordering
 * characters; null when there is nothing to warn about.
 */
export function displayNameWarning(name: string | null, address: string | null): string | null {
  if (!name) return null;
  const real = (address ?? '').trim().toLowerCase();
  // As stored and as displayed: "\u202emoc.knab@oec" shows as "ceo@bank.com".
  const claimed = [name, asDisplayed(name)]
    .flatMap((text) => Array.from(readable(text).matchAll(ADDRESS_LIKE), (match) => match[0]))
    .find((candidate) => candidate.toLowerCase() !== real);
  if (claimed !== undefined) {
    return real
      ? `The name shows “${claimed}” but the message is from ${address?.trim()}.`
      : `The name shows “${claimed}” but the message has no sender address.`;
  }
  if (REORDERING.test(name)) {
    return 'The sender’s name contains hidden characters that change the order in which its text is shown.';
  }
  return null;
}

// NFKC turns fullwidth and small @ signs and letters into plain ones, as a reader's eye does.
function readable(text: string): string {
  return cleanDisplayName(text).normalize('NFKC');
}

/** Roughly what a right-to-left override does to Latin text: reverses it up to the next pop (or the end). */
function asDisplayed(name: string): string {
  return name.replace(/\u202e([^\u202c]*)/g, (_, run: string) => Array.from(run).reverse().join(''));
}
