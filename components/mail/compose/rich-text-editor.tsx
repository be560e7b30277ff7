'use client';

import { EditorContent, useEditor, useEditorState, type Editor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { useTranslations } from 'next-intl';
import { useRef } from 'react';
import { EditorToolbar } from './editor-toolbar';

type Props = {
  initialHtml: string;
  onChange: (html: string) => void;
  label: string;
  /** The signature editor: a few lines high, inside a settings form. */
  compact?: boolean;
};

// Links only to the web and to mail: a javascript: or data: link typed or pasted never becomes one.
export const isAllowedLink = (url: string) => /^(https?:\/\/|mailto:)/i.test(url.trim());

// What mail needs (paragraphs, bold, italic, underline, lists, quotes, links, undo) and nothing that would
// be stripped or mangled on the way out (headings, code blocks, rules).
const extensions = [
  StarterKit.configure({
    heading: false,
    code: false,
    codeBlock: false,
    horizontalRule: false,
    strike: false,
    link: {
      openOnClick: false,
      autolink: true,
      defaultProtocol: 'https',
      protocols: ['mailto'],
      isAllowedUri: (url) => isAllowedLink(url),
    },
  }),
];

/**
 * The compose (and signature) editor, on Tiptap/ProseMirror: what it produces is a known, small schema
 * rather than whatever contentEditable makes of a paste. It is still sanitized on the server before it is
 * sent or saved (lib/mail/send/sanitize-for-sending.ts), and a plain-text alternative is made from it there.
 * Loaded only with the compose window and the signature form, never with the webmail's first page.
 */
export function RichTextEditor({ initialHtml, onChange, label, compact = false }: Props) {
  const changed = useRef(onChange);
  changed.current = onChange;
  const editor = useEditor({
    extensions,
    // The initial HTML (signature, quoted message) was sanitized by the server; set once, then the user edits.
    content: initialHtml,
    immediatelyRender: false,
    editorProps: {
      attributes: {
        role: 'textbox',
        'aria-multiline': 'true',
        'aria-label': label,
        class: `${compact ? 'min-h-24' : 'min-h-40'} px-3 py-2 text-sm focus:outline-none`,
      },
    },
    // An emptied editor is no text at all, not an empty paragraph (a signature of "<p></p>" is no signature).
    onUpdate: ({ editor }) => changed.current(editor.isEmpty ? '' : editor.getHTML()),
  });
  return (
    <div
      className={`flex flex-col rounded-md border border-line-strong focus-within:border-accent-line ${compact ? '' : 'min-h-0 flex-1'}`}
    >
      {editor && <Toolbar editor={editor} />}
      <EditorContent
        editor={editor}
        className={`overflow-y-auto [&_a]:text-accent-fg [&_a]:underline [&_blockquote]:border-l-2 [&_blockquote]:border-line-strong [&_blockquote]:pl-2 [&_ol]:list-decimal [&_ol]:pl-6 [&_ul]:list-disc [&_ul]:pl-6 ${compact ? 'max-h-60' : 'min-h-0 flex-1'}`}
      />
    </div>
  );
}

function Toolbar({ editor }: { editor: Editor }) {
  const t = useTranslations('mail.composer.editor');
  // Re-renders the toolbar when the selection's marks change, so the pressed states are right.
  const state = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      bold: e.isActive('bold'),
      italic: e.isActive('italic'),
      underline: e.isActive('underline'),
      bullets: e.isActive('bulletList'),
      numbers: e.isActive('orderedList'),
      quote: e.isActive('blockquote'),
      link: e.isActive('link'),
      canUndo: e.can().undo(),
      canRedo: e.can().redo(),
    }),
  });
  const setLink = () => {
    const current = editor.getAttributes('link').href as string | undefined;
    const url = window.prompt(t('linkPrompt'), current ?? 'https://');
    if (url === null) return;
    if (url.trim() === '') editor.chain().focus().extendMarkRange('link').unsetLink().run();
    else if (isAllowedLink(url)) editor.chain().focus().extendMarkRange('link').setLink({ href: url.trim() }).run();
    else window.alert(t('linkInvalid'));
  };
  return <EditorToolbar state={state} editor={editor} onLink={setLink} />;
}
