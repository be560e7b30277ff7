'use client';

import { useQuery } from '@tanstack/react-query';
import type { Colleague } from '@/lib/users/list-colleagues';
import { apiGet } from '../mail/mail-api';

/** The organization's active people: responsible pickers, chat members, attendees. */
export function useColleagues() {
  return useQuery({
    queryKey: ['colleagues'],
    queryFn: () => apiGet<Colleague[]>('/api/colleagues'),
    staleTime: 5 * 60_000,
  });
}
