'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { RecipientSuggestion } from '@/lib/contacts/suggest-recipients';
import { apiGet } from '../mail-api';

type Props = {
  id?: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  mailboxId: string;
  className: string;
};

// Typing pauses this long before asking the server: a word typed at speed makes one request, not one a key.
const DEBOUNCE_MS = 200;
const SEPARATOR = /[,;\n]/;

/** The address being typed: from the last separator before the caret to the next one after it. */
function tokenAt(value: string, caret: number): { start: number; end: number; text: string } {
  let start = caret;
  while (start > 0 && !SEPARATOR.test(value[start - 1]!)) start--;
  let end = caret;
  while (end < value.length && !SEPARATOR.test(value[end]!)) end++;
  return { start, end, text: value.slice(start, end).trim() };
}

const formatted = (s: RecipientSuggestion) =>
  s.name ? `${s.name.replace(/[<>",;]/g, ' ').trim()} <${s.address}>` : s.address;

/**
 * A To/Cc/Bcc field (addresses separated by commas) that suggests people as the current address is typed:
 * an ARIA combobox with a listbox popup, used with arrows, Enter and Esc, or the mouse.
 */
export function RecipientInput({ id, label, value, onChange, mailboxId, className }: Props) {
  const t = useTranslations('mail.composer');
  const listId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [caret, setCaret] = useState(value.length);
  const [focused, setFocused] = useState(false);
  const [dismissed, setDismissed] = useState(false);
  const [active, setActive] = useState(-1);
  const token = tokenAt(value, caret);
  const [query, setQuery] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQuery(token.text.includes('<') ? '' : token.text), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [token.text]);
  const found = useQuery({
    queryKey: ['mail', 'recipients', mailboxId, query],
    queryFn: () => apiGet<RecipientSuggestion[]>('/api/mail/recipients', { q: query, mailboxId }),
    enabled: focused && query.length > 0,
    staleTime: 60_000,
    placeholderData: keepPreviousData,
  });
  const present = new Set(value.toLowerCase().match(/[^\s<>,;]+@[^\s<>,;]+/g) ?? []);
  const options = token.text ? (found.data ?? []).filter((s) => !present.has(s.address.toLowerCase())) : [];
  const open = focused && !dismissed && options.length > 0;
  const optionId = (index: number) => `${listId}-${index}`;

  const pick = (suggestion: RecipientSuggestion) => {
    const before = value.slice(0, token.start);
    const after = value.slice(token.end).replace(/^[,;\s]*/, '');
    const lead = before && !/\s$/.test(before) ? ' ' : '';
    const inserted = `${before}${lead}${formatted(suggestion)}, `;
    onChange(inserted + after);
    setCaret(inserted.length);
    setActive(-1);
    requestAnimationFrame(() => input.current?.setSelectionRange(inserted.length, inserted.length));
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (!open) {
      if (event.key === 'ArrowDown' && options.length > 0) setDismissed(false);
      return;
    }
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((current) => {
        const next = current + step;
        return next >= options.length ? 0 : next < 0 ? options.length - 1 : next;
      });
    } else if (event.key === 'Enter' && active >= 0 && options[active]) {
      // Enter picks the suggestion; it must not also submit (send) the form.
      event.preventDefault();
      pick(options[active]);
    } else if (event.key === 'Escape') {
      setDismissed(true);
      setActive(-1);
    }
  };

  return (
    <div className="relative flex-1">
      <input
        ref={input}
        id={id}
        role="combobox"
        aria-label={label}
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={open && active >= 0 ? optionId(active) : undefined}
        autoComplete="off"
        placeholder={label}
        value={value}
        onChange={(e) => {
          onChange(e.target.value);
          setCaret(e.target.selectionStart ?? e.target.value.length);
          setDismissed(false);
          setActive(-1);
        }}
        onSelect={(e) => setCaret(e.currentTarget.selectionStart ?? value.length)}
        onFocus={() => setFocused(true)}
        onBlur={() => {
          setFocused(false);
          setActive(-1);
        }}
        onKeyDown={onKeyDown}
        className={className}
      />
      <div
        id={listId}
        role="listbox"
        aria-label={t('suggestions')}
        hidden={!open}
        className="absolute inset-x-0 top-full z-popover mt-1 max-h-72 overflow-y-auto rounded-md border border-line bg-surface py-1 shadow-lg"
      >
        {open &&
          options.map((suggestion, index) => (
            // The keyboard stays in the field (aria-activedescendant): options are neither tabbed to nor keyed.
            // biome-ignore lint/a11y/useFocusableInteractive: combobox pattern, focus stays on the input
            // biome-ignore lint/a11y/useKeyWithClickEvents: arrows and Enter are handled by the input
            <div
              key={suggestion.address}
              id={optionId(index)}
              role="option"
              aria-selected={index === active}
              // Keeps the focus in the field, so the list does not close before the click lands.
              onMouseDown={(e) => e.preventDefault()}
              onMouseEnter={() => setActive(index)}
              onClick={() => pick(suggestion)}
              className={`cursor-pointer px-3 py-1.5 text-sm ${index === active ? 'bg-accent-subtle' : ''}`}
            >
              <span className="font-medium text-fg">{suggestion.name || suggestion.address}</span>
              {suggestion.name && <span className="ml-2 text-fg-subtle">{suggestion.address}</span>}
              {suggestion.source === 'crm' && (
                <span className="ml-2 rounded bg-surface-muted px-1 text-xs text-fg-muted">
                  {t('suggestionFromCrm')}
                </span>
              )}
            </div>
          ))}
      </div>
    </div>
  );
}
