import { describe, expect, it } from 'vitest';
import { normalizeSubject } from './normalize-subject';

describe('normalizeSubject', () => {
  it.each([
    // subject, key, had a reply/forward prefix
    ['Budget 2027', 'budget 2027', false],
    ['Re: Budget 2027', 'budget 2027', true],
    ['RE: RE: re: Budget 2027', 'budget 2027', true],
    ['Fwd: Re: Budget 2027', 'budget 2027', true],
    ['FW: Budget 2027', 'budget 2027', true],
    ['Re[2]: Budget 2027', 'budget 2027', true],
    ['Re(3): Budget 2027', 'budget 2027', true],
    ['Re^2: Budget 2027', 'budget 2027', true],
    // German
    ['AW: WG: Angebot', 'angebot', true],
    ['Antw: Angebot', 'angebot', true],
    // French, with the space before the colon French typography puts there
    ['TR : RE : Facture', 'facture', true],
    ['Réf. : Facture', 'facture', true],
    ['RÉF. Facture', 'facture', true],
    // Spanish, Italian, Portuguese, Nordic, Dutch, Polish
    ['RV: Presupuesto', 'presupuesto', true],
    ['R: I: Preventivo', 'preventivo', true],
    ['Rif: Preventivo', 'preventivo', true],
    ['ENC: Orçamento', 'orçamento', true],
    ['SV: VS: Tilbud', 'tilbud', true],
    ['Antw: Doorst: Offerte', 'offerte', true],
    ['Odp: Oferta', 'oferta', true],
    ['回复：会议', '会议', true],
    // Mailing-list tags before, between and after prefixes
    ['[users] Build fails', 'build fails', false],
    ['Re: [users] Build fails', 'build fails', true],
    ['[users] Re: [dev] RE: Build fails', 'build fails', true],
    ['[PATCH v2] fix: parser', 'fix: parser', false],
    // "(fwd)" marks of old clients
    ['Contract (fwd)', 'contract', true],
    ['(fwd) Contract', 'contract', true],
    // Whitespace and case
    ['  Re:\tQuarterly   NUMBERS  ', 'quarterly numbers', true],
    // What must stay: words that only look like prefixes, a subject that is only a tag, empty ones
    ['Rework of the API', 'rework of the api', false],
    ['Regarding: the plan', 'regarding: the plan', false],
    ['Trip report', 'trip report', false],
    ['[no subject]', '[no subject]', false],
    ['Re:', '', true],
    ['', '', false],
  ])('%j → %j', (subject, key, replyOrForward) => {
    expect(normalizeSubject(subject)).toEqual({ key, replyOrForward });
  });

  it('compares the composed and decomposed forms of an accent equal', () => {
    expect(normalizeSubject('Re: Re\u0301union').key).toBe(normalizeSubject('Réunion').key);
  });

  it('strips a hostile run of prefixes in one bounded pass', () => {
    expect(normalizeSubject(`${'Re: '.repeat(5_000)}x`).key).toBe('x');
  });
});
