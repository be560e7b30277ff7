'use client';

import * as DialogPrimitive from '@radix-ui/react-dialog';
import { useRef, type ComponentProps } from 'react';

// Thin styled wrappers over Radix Dialog (shadcn/ui style): Radix does the focus trap, Esc, outside clicks,
// the portal and aria; these add our look and the app's stacking layers (app/globals.css). A className
// passed in is appended to the defaults, so pass classes that add to them rather than contradict them.

export const Dialog = DialogPrimitive.Root;
export const DialogClose = DialogPrimitive.Close;

const backdropClass = 'fixed inset-0 z-overlay flex items-center justify-center bg-backdrop p-4';
const panelClass = 'max-h-full w-full overflow-y-auto rounded-lg bg-surface p-5 shadow-xl focus:outline-none';

type ContentProps = ComponentProps<typeof DialogPrimitive.Content>;
type FocusHandler = ContentProps['onOpenAutoFocus'];

/**
 * Radix gives focus back to a Dialog.Trigger on close, but ours open from menus, shortcuts and buttons
 * elsewhere on the page. So the element that had focus when the dialog opened is remembered, and focused
 * again on close if focus went away with the dialog (not if the user has since put it somewhere else).
 */
function useFocusReturn(onOpenAutoFocus: FocusHandler, onCloseAutoFocus: FocusHandler) {
  const opener = useRef<HTMLElement | null>(null);
  return {
    // Radix calls this as the dialog mounts, before it moves focus in: the active element is still the opener.
    onOpenAutoFocus: (event: Event) => {
      const active = document.activeElement;
      opener.current = active instanceof HTMLElement && active !== document.body ? active : null;
      onOpenAutoFocus?.(event);
    },
    onCloseAutoFocus: (event: Event) => {
      onCloseAutoFocus?.(event);
      if (event.defaultPrevented) return;
      const target = opener.current;
      const focusLost = document.activeElement === null || document.activeElement === document.body;
      if (!target?.isConnected || !focusLost) return;
      event.preventDefault();
      target.focus();
    },
  };
}

/**
 * A modal dialog: a dimmed backdrop over the whole page and a centred panel, at the overlay layer. The panel
 * sits inside the backdrop (Radix's scrollable-overlay layout) so a tall form scrolls instead of overflowing;
 * a click on the backdrop is a click outside, which closes the dialog.
 */
export function DialogContent({ className = '', onOpenAutoFocus, onCloseAutoFocus, ...props }: ContentProps) {
  const focus = useFocusReturn(onOpenAutoFocus, onCloseAutoFocus);
  return (
    <DialogPrimitive.Portal>
      <DialogPrimitive.Overlay className={backdropClass}>
        <DialogPrimitive.Content className={`${panelClass} ${className}`} {...focus} {...props} />
      </DialogPrimitive.Overlay>
    </DialogPrimitive.Portal>
  );
}

/**
 * A window that is not modal (use with `<Dialog modal={false}>`): no backdrop, the page behind stays usable,
 * at the compose layer, in a portal so no stacking context of the page can cover it. The caller places it.
 */
export function DialogWindow({ className = '', onOpenAutoFocus, onCloseAutoFocus, ...props }: ContentProps) {
  const focus = useFocusReturn(onOpenAutoFocus, onCloseAutoFocus);
  return (
    <DialogPrimitive.Portal>
      <DialogPrimitive.Content className={`fixed z-compose focus:outline-none ${className}`} {...focus} {...props} />
    </DialogPrimitive.Portal>
  );
}

export function DialogTitle({ className = '', ...props }: ComponentProps<typeof DialogPrimitive.Title>) {
  return <DialogPrimitive.Title className={`font-semibold ${className}`} {...props} />;
}

export function DialogDescription({ className = '', ...props }: ComponentProps<typeof DialogPrimitive.Description>) {
  return <DialogPrimitive.Description className={`text-xs text-fg-subtle ${className}`} {...props} />;
}
