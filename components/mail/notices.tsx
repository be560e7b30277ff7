'use client';

import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslations } from 'next-intl';

type Notice = { id: number; text: string; tone: 'info' | 'error'; undo?: () => void };
type Notices = { show: (text: string, options?: { tone?: 'info' | 'error'; undo?: () => void }) => void };

const NoticesContext = createContext<Notices>({ show: () => {} });

// Long enough to reach the Undo button, short enough not to pile up.
const VISIBLE_MS = 7_000;

/** Short messages at the bottom of the screen: results of actions, refusals, and Undo. */
export function NoticesProvider({ children }: { children: ReactNode }) {
  const t = useTranslations('mail');
  const [notices, setNotices] = useState<Notice[]>([]);
  const nextId = useRef(1);
  const dismiss = useCallback((id: number) => setNotices((all) => all.filter((n) => n.id !== id)), []);
  const show = useCallback<Notices['show']>(
    (text, options = {}) => {
      const id = nextId.current++;
      setNotices((all) => [...all.slice(-2), { id, text, tone: options.tone ?? 'info', undo: options.undo }]);
      setTimeout(() => dismiss(id), VISIBLE_MS);
    },
    [dismiss],
  );
  const value = useMemo(() => ({ show }), [show]);
  return (
    <NoticesContext.Provider value={value}>
      {children}
      <div
        aria-live="polite"
        className="pointer-events-none fixed inset-x-0 bottom-4 z-toast flex flex-col items-center gap-2 px-4"
      >
        {notices.map((notice) => (
          <div
            key={notice.id}
            role={notice.tone === 'error' ? 'alert' : 'status'}
            className={`pointer-events-auto flex max-w-lg items-center gap-4 rounded-md px-4 py-2 text-sm shadow-lg ${notice.tone === 'error' ? 'bg-danger text-on-accent' : 'bg-inverse text-on-inverse'}`}
          >
            <span>{notice.text}</span>
            {notice.undo && (
              <button
                type="button"
                className="font-semibold text-on-inverse underline"
                onClick={() => {
                  dismiss(notice.id);
                  notice.undo?.();
                }}
              >
                {t('undo')}
              </button>
            )}
          </div>
        ))}
      </div>
    </NoticesContext.Provider>
  );
}

export function useNotices(): Notices {
  return useContext(NoticesContext);
}
