import { describe, expect, it } from 'vitest';
import { limitExceeded, usageOf } from '../plans/limit-exceeded';
import { loadCatalogue } from './catalogue';
import type { Locale } from './locales';
import { wordProblem } from './problem';

// Worked examples per language, written by hand from each language's grammar: the generic catalogue tests
// prove every plural parses and formats; these prove the forms chosen are the right ones (French 0 and 1 are
// singular, Vietnamese has no plural, thousands are grouped the language's way).

async function say(locale: Locale, key: string, values: Record<string, number>): Promise<string> {
  const { createTranslator } = await import('use-intl/core');
  const t = createTranslator({ locale, messages: await loadCatalogue(locale), timeZone: 'UTC' });
  return (t as unknown as (key: string, values: Record<string, number>) => string)(key, values).replace(/\s/g, ' ');
}

const selected: Record<Locale, [number, string][]> = {
  en: [
    [1, '1 selected'],
    [2, '2 selected'],
    [1500, '1,500 selected'],
  ],
  fr: [
    [0, '0 sélectionné'],
    [1, '1 sélectionné'],
    [2, '2 sélectionnés'],
    [1500, '1 500 sélectionnés'],
  ],
  es: [
    [0, '0 seleccionados'],
    [1, '1 seleccionado'],
    [2, '2 seleccionados'],
    [1500, '1500 seleccionados'],
  ],
  it: [
    [0, '0 selezionati'],
    [1, '1 selezionato'],
    [2, '2 selezionati'],
    [1500, '1500 selezionati'],
  ],
  de: [
    [1, '1 ausgewählt'],
    [2, '2 ausgewählt'],
    [1500, '1.500 ausgewählt'],
  ],
  vi: [
    [1, 'Đã chọn 1'],
    [2, 'Đã chọn 2'],
    [1500, 'Đã chọn 1.500'],
  ],
};

const blockedImages: Record<Locale, [string, string]> = {
  en: ['1 remote image was blocked', '3 remote images were blocked'],
  fr: ['1 image distante a été bloquée', '3 images distantes ont été bloquées'],
  es: ['Se ha bloqueado 1 imagen remota', 'Se han bloqueado 3 imágenes remotas'],
  it: ['1 immagine remota è stata bloccata', '3 immagini remote sono state bloccate'],
  de: ['1 externes Bild wurde', '3 externe Bilder wurden'],
  vi: ['Đã chặn 1 hình ảnh từ xa', 'Đã chặn 3 hình ảnh từ xa'],
};

describe('plurals and arguments, language by language', () => {
  for (const [locale, cases] of Object.entries(selected) as [Locale, [number, string][]][]) {
    it(`counts selected messages in ${locale}`, async () => {
      for (const [count, text] of cases) expect(await say(locale, 'mail.selected', { count })).toBe(text);
    });
    it(`agrees the verb with the count in ${locale}`, async () => {
      const [one, three] = blockedImages[locale];
      expect(await say(locale, 'mail.imagesBlocked', { count: 1 })).toContain(one);
      expect(await say(locale, 'mail.imagesBlocked', { count: 3 })).toContain(three);
    });
  }
});

describe('an error with parameters in the reader’s language', () => {
  it('words a plan limit in French with its numbers: singular for one mailbox, decimals the French way', async () => {
    const fr = await loadCatalogue('fr');
    const one = limitExceeded('mailboxesPerEmployee', usageOf(1, 1));
    expect(one.userMessage).toBe(
      'Your plan allows 1 mailbox per employee and 1 is connected. Remove one, or ask an administrator to upgrade the plan.',
    );
    expect(wordProblem(one.problem!, 'fr', fr)).toBe(
      'Votre offre autorise 1 boîte mail par employé et 1 est connectée. Retirez-en une, ou demandez à un administrateur de passer à une offre supérieure.',
    );
    const five = limitExceeded('mailboxesPerEmployee', usageOf(5, 5));
    expect(wordProblem(five.problem!, 'fr', fr)).toContain('5 boîtes mail par employé et 5 sont connectées');
    const size = limitExceeded('attachmentSize', usageOf(14_300_000, 20_040_000));
    expect(wordProblem(size.problem!, 'fr', fr).replace(/\s/g, ' ')).toContain(
      '14,3 Mo au total par message ; celles-ci totalisent 20,0 Mo',
    );
  });
});
