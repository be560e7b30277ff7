'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useRef } from 'react';

type Props = { initialHtml: string; onChange: (html: string) => void; label: string };

const commands = [
  { command: 'bold', key: 'bold', text: 'B', className: 'font-bold' },
  { command: 'italic', key: 'italic', text: 'I', className: 'italic' },
  { command: 'underline', key: 'underline', text: 'U', className: 'underline' },
  { command: 'insertUnorderedList', key: 'bullets', text: '•', className: '' },
  { command: 'insertOrderedList', key: 'numbers', text: '1.', className: '' },
] as const;

/**
 * A small rich-text editor on contentEditable: bold, italic, underline, lists and links are what mail needs,
 * and a full editor framework would weigh more than the rest of the webmail. Whatever it produces is
 * sanitized on the server before sending, and a plain-text alternative is generated from it.
 */
export function RichTextEditor({ initialHtml, onChange, label }: Props) {
  const t = useTranslations('mail.composer.editor');
  const editor = useRef<HTMLDivElement>(null);
  const initial = useRef(initialHtml);

  useEffect(() => {
    // The initial HTML (signature, quoted message) was sanitized by the server; set once, then the user edits.
    if (editor.current) editor.current.innerHTML = initial.current;
  }, []);

  const run = (command: string, value?: string) => {
    editor.current?.focus();
    document.execCommand(command, false, value);
    onChange(editor.current?.innerHTML ?? '');
  };

  return (
    <div className="flex min-h-0 flex-1 flex-col rounded-md border border-slate-300">
      <div role="toolbar" aria-label={t('toolbar')} className="flex gap-1 border-b border-slate-200 px-2 py-1">
        {commands.map((c) => (
          <button
            key={c.command}
            type="button"
            aria-label={t(c.key)}
            title={t(c.key)}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => run(c.command)}
            className={`rounded px-2 text-sm hover:bg-slate-100 ${c.className}`}
          >
            {c.text}
          </button>
        ))}
        <button
          type="button"
          aria-label={t('link')}
          title={t('link')}
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => {
            const url = window.prompt(t('linkPrompt'), 'https://');
            if (url && /^(https?:|mailto:)/i.test(url)) run('createLink', url);
          }}
          className="rounded px-2 text-sm hover:bg-slate-100"
        >
          🔗
        </button>
      </div>
      {/* biome-ignore lint/a11y/useFocusableInteractive: contentEditable makes it focusable */}
      <div
        ref={editor}
        role="textbox"
        aria-multiline="true"
        aria-label={label}
        contentEditable
        suppressContentEditableWarning
        onInput={() => onChange(editor.current?.innerHTML ?? '')}
        className="prose-sm min-h-40 flex-1 overflow-y-auto px-3 py-2 text-sm focus:outline-none [&_blockquote]:border-l-2 [&_blockquote]:border-slate-300 [&_blockquote]:pl-2 [&_ol]:list-decimal [&_ol]:pl-6 [&_ul]:list-disc [&_ul]:pl-6"
      />
    </div>
  );
}
