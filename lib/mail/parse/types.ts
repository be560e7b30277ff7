export type ParsedAddress = { name: string; address: string };

export type ParsedAttachment = {
  /** IMAP part number ("1.2"), so the content can be fetched on demand; null when the message is not multipart. */
  partId: string | null;
  /** As the message names it, decoded but not sanitised: may contain "/", "..", control characters. */
  filename: string | null;
  contentType: string;
  /** Decoded size in bytes. */
  size: number;
  /** Without angle brackets, as it appears in `cid:` URLs. */
  contentId: string | null;
  /** Shown in the body (a `cid:` image) rather than in the attachment list. */
  inline: boolean;
  /** Hex SHA-256 of the decoded content; null when it was described by the server and not downloaded. */
  sha256: string | null;
};

export type ParsedMessage = {
  /** Angle brackets included, as in In-Reply-To and References. */
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  subject: string;
  from: ParsedAddress | null;
  to: ParsedAddress[];
  cc: ParsedAddress[];
  replyTo: ParsedAddress[];
  date: Date | null;
  text: string | null;
  /** The message's own HTML, unsanitised: never render it without the sanitiser. */
  html: string | null;
  snippet: string;
  attachments: ParsedAttachment[];
  /** In message order; names lowercased, values unfolded and RFC 2047-decoded. */
  headers: Array<[string, string]>;
  /** tsvector literal of subject, people and body text (see lib/search/search-vector.ts). */
  searchVector: string;
  /** null when fully parsed; otherwise why not ("timeout", "too complex", parser error text): the message is stored with what could be read and flagged. */
  damaged: string | null;
};

/**
 * A parsed message as the import stores it: the bodies may be their UTF-8 bytes, as a parse worker hands them
 * back (see parse-worker.ts). The import only stores them, and bytes cross threads and go to PostgreSQL
 * without passing through the import thread's heap.
 */
export type StorableMessage = Omit<ParsedMessage, 'text' | 'html'> & {
  text: string | Uint8Array | null;
  html: string | Uint8Array | null;
};
