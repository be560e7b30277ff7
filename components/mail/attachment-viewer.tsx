'use client';

import { ChevronLeft, ChevronRight, Download, X } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogTitle } from '@/components/ui/dialog';
import type { PreviewKind } from '@/lib/mail/attachments/preview-kind';

export type PreviewFile = { id: number; name: string; kind: PreviewKind };

const iconButton =
  'inline-flex items-center gap-1 rounded border border-line-strong bg-surface px-2 py-1 text-xs text-fg-muted hover:bg-surface-subtle disabled:opacity-40';

/**
 * The attachment viewer: images and PDFs of one message, one at a time, with previous/next when there are
 * several. Both load through the attachment route's preview mode (its authorization, nosniff and CSP); the
 * PDF is in a frame sandboxed without same-origin rights, so the browser's viewer is all that runs in it.
 */
export function AttachmentViewer({
  files,
  index,
  onIndex,
  onClose,
}: {
  files: PreviewFile[];
  index: number | null;
  onIndex: (index: number) => void;
  onClose: () => void;
}) {
  const t = useTranslations('mail.preview');
  const file = index === null ? null : files[index];
  const src = file ? `/api/mail/attachments/${file.id}?preview=1` : '';
  const step = (delta: number) => index !== null && onIndex((index + delta + files.length) % files.length);
  return (
    <Dialog open={file !== undefined && file !== null} onOpenChange={(open) => !open && onClose()}>
      <DialogContent
        className="flex h-[90vh] max-w-5xl flex-col gap-3"
        data-testid="attachment-viewer"
        onKeyDown={(event) => {
          if (files.length < 2) return;
          if (event.key === 'ArrowRight') step(1);
          if (event.key === 'ArrowLeft') step(-1);
        }}
      >
        {file && (
          <>
            <div className="flex items-center gap-2">
              <DialogTitle className="min-w-0 flex-1 truncate text-sm text-fg">{file.name}</DialogTitle>
              {files.length > 1 && (
                <>
                  <button type="button" className={iconButton} onClick={() => step(-1)} aria-label={t('previous')}>
                    <ChevronLeft aria-hidden className="size-4" />
                  </button>
                  <span className="text-xs text-fg-subtle">
                    {t('position', { index: (index ?? 0) + 1, count: files.length })}
                  </span>
                  <button type="button" className={iconButton} onClick={() => step(1)} aria-label={t('next')}>
                    <ChevronRight aria-hidden className="size-4" />
                  </button>
                </>
              )}
              <a href={`/api/mail/attachments/${file.id}`} download className={iconButton}>
                <Download aria-hidden className="size-4" />
                {t('download')}
              </a>
              <DialogClose className={iconButton} aria-label={t('close')}>
                <X aria-hidden className="size-4" />
              </DialogClose>
            </div>
            <DialogDescription className="sr-only">{t('title', { name: file.name })}</DialogDescription>
            <div className="flex min-h-0 flex-1 items-center justify-center overflow-auto rounded bg-surface-muted">
              {file.kind === 'image' ? (
                // biome-ignore lint/performance/noImgElement: an attachment behind the session, not an optimisable asset
                <img key={file.id} src={src} alt={file.name} className="max-h-full max-w-full object-contain" />
              ) : (
                <iframe
                  key={file.id}
                  title={t('pdfFrame', { name: file.name })}
                  src={src}
                  // No allow-same-origin: whatever the frame runs is in an opaque origin, away from the session.
                  sandbox="allow-scripts allow-downloads"
                  referrerPolicy="no-referrer"
                  className="h-full w-full border-0 bg-surface"
                />
              )}
            </div>
          </>
        )}
      </DialogContent>
    </Dialog>
  );
}
