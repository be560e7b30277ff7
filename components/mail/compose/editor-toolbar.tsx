'use client';

import type { Editor } from '@tiptap/react';
import {
  Bold,
  Italic,
  Link as LinkIcon,
  List,
  ListOrdered,
  type LucideIcon,
  Quote,
  Redo2,
  Underline,
  Undo2,
} from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useRef, useState, type KeyboardEvent } from 'react';

type State = {
  bold: boolean;
  italic: boolean;
  underline: boolean;
  bullets: boolean;
  numbers: boolean;
  quote: boolean;
  link: boolean;
  canUndo: boolean;
  canRedo: boolean;
};

type Tool = { key: string; icon: LucideIcon; pressed?: boolean; disabled?: boolean; run: () => void };

/**
 * The formatting buttons, as an ARIA toolbar: one Tab stop, arrows (and Home/End) move between the buttons.
 * Each has its name as label and tooltip; toggles say whether they are on (aria-pressed).
 */
export function EditorToolbar({ editor, state, onLink }: { editor: Editor; state: State; onLink: () => void }) {
  const t = useTranslations('mail.composer.editor');
  const chain = () => editor.chain().focus();
  const tools: Tool[] = [
    { key: 'bold', icon: Bold, pressed: state.bold, run: () => chain().toggleBold().run() },
    { key: 'italic', icon: Italic, pressed: state.italic, run: () => chain().toggleItalic().run() },
    { key: 'underline', icon: Underline, pressed: state.underline, run: () => chain().toggleUnderline().run() },
    { key: 'bullets', icon: List, pressed: state.bullets, run: () => chain().toggleBulletList().run() },
    { key: 'numbers', icon: ListOrdered, pressed: state.numbers, run: () => chain().toggleOrderedList().run() },
    { key: 'quote', icon: Quote, pressed: state.quote, run: () => chain().toggleBlockquote().run() },
    { key: 'link', icon: LinkIcon, pressed: state.link, run: onLink },
    { key: 'undo', icon: Undo2, disabled: !state.canUndo, run: () => chain().undo().run() },
    { key: 'redo', icon: Redo2, disabled: !state.canRedo, run: () => chain().redo().run() },
  ];
  const [active, setActive] = useState(0);
  const buttons = useRef<Array<HTMLButtonElement | null>>([]);
  const move = (event: KeyboardEvent) => {
    const last = tools.length - 1;
    const next =
      event.key === 'ArrowRight'
        ? active === last
          ? 0
          : active + 1
        : event.key === 'ArrowLeft'
          ? active === 0
            ? last
            : active - 1
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? last
              : null;
    if (next === null) return;
    event.preventDefault();
    setActive(next);
    buttons.current[next]?.focus();
  };
  return (
    <div
      role="toolbar"
      aria-label={t('toolbar')}
      onKeyDown={move}
      className="flex flex-wrap gap-0.5 border-b border-line px-1 py-1"
    >
      {tools.map((tool, index) => (
        <button
          key={tool.key}
          ref={(element) => {
            buttons.current[index] = element;
          }}
          type="button"
          tabIndex={index === active ? 0 : -1}
          aria-label={t(tool.key)}
          title={t(tool.key)}
          aria-pressed={tool.pressed}
          disabled={tool.disabled}
          // Keeps the selection in the text: a toolbar click must act on it, not take the focus away first.
          onMouseDown={(e) => e.preventDefault()}
          onFocus={() => setActive(index)}
          onClick={tool.run}
          className="rounded p-1.5 text-fg-muted hover:bg-surface-muted disabled:opacity-40 aria-pressed:bg-surface-strong aria-pressed:text-fg"
        >
          <tool.icon aria-hidden="true" className="size-4" />
        </button>
      ))}
    </div>
  );
}
