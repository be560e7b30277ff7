'use client';

import { useRouter } from 'next/navigation';
import { useEffect } from 'react';

/** While an import or sync runs, re-renders the page every few seconds so progress moves without reloading. */
export function LiveRefresh({ active, intervalMs = 2_000 }: { active: boolean; intervalMs?: number }) {
  const router = useRouter();
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => router.refresh(), intervalMs);
    return () => clearInterval(timer);
  }, [active, intervalMs, router]);
  return null;
}
