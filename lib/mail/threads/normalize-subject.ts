export type NormalizedSubject = {
  /** Lower case, prefixes and list tags gone, whitespace collapsed: what the subject fallback compares. */
  key: string;
  /** A reply or forward prefix was there: the subject fallback may use a wide window for it. */
  replyOrForward: boolean;
};

// Reply and forward prefixes as mail clients write them: English, German (AW, WG, Antw), French (TR, Réf.),
// Spanish (RV, RE), Italian (R, Rif, I), Portuguese (Enc, Res), Nordic (SV, VS, VB, Fs), Dutch (Doorst), Polish
// (Odp, PD), Turkish (YNT, ILT), Greek, Chinese. Optional counters ("Re[2]:", "Re(3):", "Re^2:"); French
// typography puts a space before the colon ("TR : "), CJK clients a full-width colon.
// A whole run of them is one match, so thousands of "Re: " cost one pass.
const PREFIX =
  /^(?:(?:re|fwd?|aw|wg|antw|antwort|tr|réf\.?|ref|rv|rif|r|i|enc|res|sv|vs|vb|fs|vl|doorst|odp|pd|ynt|ilt|απ|σχετ|пересл|回复|回覆|转发|轉寄|答复)\s*(?:\[\d+\]|\(\d+\)|\^\d+)?\s*[:：]\s*)+/iu;
// "Réf." is used without a colon too.
const BARE_REF = /^réf\.\s+/iu;
// A mailing-list tag ("[users] ", "[PATCH v2] ") anywhere in the run of prefixes.
const LIST_TAG = /^\[[^\]]{0,80}\]\s*/u;
// Old mail clients mark forwards "(fwd)" at either end.
const FWD_MARK = /^\(fwd\)\s*|\s*\(fwd\)$/iu;

/**
 * The subject a conversation is recognised by when References are missing or broken: repeated "Re:", "AW:",
 * "TR :", "[list]" prefixes and "(fwd)" stripped, so "RE: AW: [team] Budget" and "Budget" compare equal.
 */
export function normalizeSubject(subject: string): NormalizedSubject {
  let text = subject.normalize('NFC').replace(/\s+/gu, ' ').trim();
  let replyOrForward = false;
  // Bounded: each round strips a run of prefixes and a tag; real subjects need two or three rounds.
  for (let guard = 0; guard < 100; guard++) {
    const before = text;
    const prefix = PREFIX.exec(text) ?? BARE_REF.exec(text);
    if (prefix) {
      replyOrForward = true;
      text = text.slice(prefix[0].length);
    }
    const tag = LIST_TAG.exec(text);
    // A subject that is only a tag ("[no subject]") keeps it: it is the whole subject then.
    if (tag && tag[0].length < text.length) text = text.slice(tag[0].length);
    if (FWD_MARK.test(text)) {
      replyOrForward = true;
      text = text.replace(FWD_MARK, '');
    }
    if (text === before) break;
  }
  return { key: text.trim().toLowerCase(), replyOrForward };
}
