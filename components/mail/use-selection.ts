'use client';

import { useCallback, useState } from 'react';

/** Checkbox selection over the loaded rows, with shift-click ranges as in desktop mail clients. */
export function useSelection(ids: number[]) {
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [anchor, setAnchor] = useState<number | null>(null);

  const toggle = useCallback(
    (index: number, shiftKey: boolean) => {
      const id = ids[index];
      if (id === undefined) return;
      setSelected((current) => {
        const next = new Set(current);
        if (shiftKey && anchor !== null) {
          const [from, to] = anchor < index ? [anchor, index] : [index, anchor];
          const select = !current.has(id);
          for (const rangeId of ids.slice(from, to + 1)) {
            if (select) next.add(rangeId);
            else next.delete(rangeId);
          }
        } else if (next.has(id)) next.delete(id);
        else next.add(id);
        return next;
      });
      setAnchor(index);
    },
    [ids, anchor],
  );

  const selectAll = useCallback((all: boolean) => setSelected(all ? new Set(ids) : new Set()), [ids]);
  const clear = useCallback(() => setSelected(new Set()), []);
  // Rows that left the list (moved, deleted, filtered out) drop out of the selection.
  const present = new Set(ids);
  const visible = new Set([...selected].filter((id) => present.has(id)));
  return { selected: visible, toggle, selectAll, clear, allSelected: ids.length > 0 && visible.size === ids.length };
}
