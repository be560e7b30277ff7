'use client';

import { useTranslations } from 'next-intl';
import { Button } from '@/components/ui/button';
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogTitle } from '@/components/ui/dialog';
import type { MessageLinkKind } from '@/db/schema';

export type DeleteForGood = { count: number; linked: number; kinds: MessageLinkKind[] };

/**
 * Asks before messages in Trash are deleted for good. When some are linked to work it says what becomes of
 * them: the server copy goes, Mailroom keeps its own for the work (deleteMessages → retireRows).
 */
export function DeleteForGoodDialog({
  request,
  onConfirm,
  onClose,
}: {
  request: DeleteForGood;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const t = useTranslations('mail.deleteForGood');
  const tLinked = useTranslations('mail.linked');
  const kinds = request.kinds.map((kind) => tLinked(kind)).join(', ');
  return (
    <Dialog
      open
      onOpenChange={(open) => {
        if (!open) onClose();
      }}
    >
      <DialogContent className="max-w-md" role="alertdialog">
        <DialogTitle className="mb-2 text-base">{t('title', { count: request.count })}</DialogTitle>
        <DialogDescription className="text-sm text-fg-muted">{t('body', { count: request.count })}</DialogDescription>
        {request.linked > 0 && (
          <p className="mt-3 rounded border border-warning-line bg-warning-subtle px-3 py-2 text-sm text-warning-fg">
            {t('linked', { count: request.linked, kinds })}
          </p>
        )}
        <div className="mt-4 flex justify-end gap-2">
          <DialogClose asChild>
            <Button type="button" variant="secondary">
              {t('cancel')}
            </Button>
          </DialogClose>
          <Button
            type="button"
            variant="danger"
            onClick={() => {
              onConfirm();
              onClose();
            }}
          >
            {t('confirm')}
          </Button>
        </div>
      </DialogContent>
    </Dialog>
  );
}
