'use client';

import { Ellipsis } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { DropdownMenuItem, DropdownMenuSeparator } from '@/components/ui/dropdown-menu';
import type { FolderView } from '@/lib/mail/webmail/list-mail-folders';
import { ActionMenu } from './action-menu';
import type { RowView } from './row-view';
import type { ActionName } from './use-message-actions';
import type { WorkKind } from './work/work-kinds';
import { WorkMenuItems } from './work/work-menu';

export type RowMenuProps = {
  item: RowView;
  onAction: (action: ActionName, folderId?: number) => void;
  onWork: (kind: WorkKind) => void;
  moveTargets: FolderView[];
};

/**
 * The ⋯ menu beside the sender: the actions on this message (or on the whole conversation in this folder),
 * moving it, and making work from it (from a conversation's newest message).
 */
export function RowMenu({ item, onAction, onWork, moveTargets }: RowMenuProps) {
  const t = useTranslations('mail.actions');
  const tMail = useTranslations('mail');
  const entries: ActionName[] = [item.seen ? 'unread' : 'read', item.flagged ? 'unflag' : 'flag', 'spam', 'delete'];
  const folderName = (folder: FolderView) => (folder.specialUse ? tMail(`special.${folder.specialUse}`) : folder.name);
  return (
    // The menu is in a portal, but React bubbles its clicks through the component tree: without this they
    // would reach the row and open the message.
    // biome-ignore lint/a11y/noStaticElementInteractions: only stops clicks bubbling; the menu has its own keys
    // biome-ignore lint/a11y/useKeyWithClickEvents: as above
    <div onClick={(e) => e.stopPropagation()}>
      {/* Mounted by a click on the placeholder (lazy-row-menu.tsx): open from the start. */}
      <ActionMenu
        defaultOpen
        align="start"
        label={t('menu')}
        triggerClass="rounded px-1 text-fg-subtle hover:bg-surface-strong data-[state=open]:bg-surface-strong"
        trigger={<Ellipsis aria-hidden className="size-4" />}
      >
        {(later) => (
          <>
            {entries.map((action) => (
              <DropdownMenuItem key={action} onSelect={() => onAction(action)}>
                {t(action)}
              </DropdownMenuItem>
            ))}
            {moveTargets.length > 0 && <DropdownMenuSeparator />}
            {moveTargets.map((folder) => (
              <DropdownMenuItem key={folder.id} onSelect={() => onAction('move', folder.id)}>
                {t('moveTo', { folder: folderName(folder) })}
              </DropdownMenuItem>
            ))}
            <DropdownMenuSeparator />
            <WorkMenuItems count={1} onWork={onWork} later={later} />
          </>
        )}
      </ActionMenu>
    </div>
  );
}
