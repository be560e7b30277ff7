'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { startTransition, useActionState, type FormEvent } from 'react';
import type { ActionState } from '@/server/action';
import { localMidnight } from '@/lib/calendar/week';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { TextField } from '../ui/field';
import { useHydrated } from '@/components/ui/use-hydrated';

export type EventFormAction = (previous: ActionState<never>, data: FormData) => Promise<ActionState<never>>;
export type EventFormDefaults = {
  title: string;
  startsAt: string;
  endsAt: string;
  attendees: string;
  description: string;
};

const HOUR = 60 * 60 * 1000;
const textareaClass =
  'block w-full rounded-md border border-line-strong bg-surface px-3 py-2 text-sm shadow-sm focus:border-accent-line focus:outline-none focus:ring-2 focus:ring-focus/30';

// datetime-local inputs speak the browser's local time without a zone.
function localInputValue(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

// A new event starts at the next full hour (or 9:00 on a chosen day) and lasts an hour.
function initialTimes(
  defaults: EventFormDefaults | undefined,
  day: string | undefined,
): { startsAt: string; endsAt: string } {
  if (defaults)
    return {
      startsAt: localInputValue(new Date(defaults.startsAt)),
      endsAt: localInputValue(new Date(defaults.endsAt)),
    };
  const start = day ? new Date(localMidnight(day).getTime() + 9 * HOUR) : new Date(Math.ceil(Date.now() / HOUR) * HOUR);
  return { startsAt: localInputValue(start), endsAt: localInputValue(new Date(start.getTime() + HOUR)) };
}

/**
 * Create or edit an event. Times are entered in the browser's zone and sent as instants; the inputs are
 * filled once the page has hydrated, since their values depend on that zone.
 */
export function EventForm({
  action,
  eventId,
  defaults,
  day,
  submitLabel,
  cancelHref,
}: {
  action: EventFormAction;
  eventId?: string;
  defaults?: EventFormDefaults;
  day?: string;
  submitLabel: string;
  cancelHref: string;
}) {
  const t = useTranslations('calendar.form');
  const hydrated = useHydrated();
  const [state, run, pending] = useActionState(action, null);
  const times = hydrated ? initialTimes(defaults, day) : { startsAt: '', endsAt: '' };
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  const attendeesError = Object.entries(errors).find(([key]) => key.startsWith('attendees'))?.[1];

  // A transition instead of <form action>: React's reset after an action would empty a form that failed.
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    for (const name of ['startsAt', 'endsAt']) {
      const value = data.get(name);
      const instant = typeof value === 'string' && value ? new Date(value) : null;
      data.set(name, instant && !Number.isNaN(instant.getTime()) ? instant.toISOString() : '');
    }
    startTransition(() => run(data));
  };

  return (
    <form key={hydrated ? 'local' : 'server'} onSubmit={submit} className="space-y-4" aria-label={submitLabel}>
      {state && !state.ok ? <Alert>{state.error}</Alert> : null}
      {eventId ? <input type="hidden" name="eventId" value={eventId} /> : null}
      <TextField
        label={t('title')}
        name="title"
        required
        maxLength={200}
        defaultValue={defaults?.title}
        error={errors.title}
      />
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField
          label={t('startsAt')}
          name="startsAt"
          type="datetime-local"
          required
          defaultValue={times.startsAt}
          error={errors.startsAt}
        />
        <TextField
          label={t('endsAt')}
          name="endsAt"
          type="datetime-local"
          required
          defaultValue={times.endsAt}
          error={errors.endsAt}
        />
      </div>
      <div className="space-y-1">
        <label htmlFor="attendees" className="block text-sm font-medium text-fg-muted">
          {t('attendees')}
        </label>
        <textarea
          id="attendees"
          name="attendees"
          rows={4}
          defaultValue={defaults?.attendees}
          aria-describedby="attendees-hint"
          aria-invalid={attendeesError ? true : undefined}
          className={textareaClass}
        />
        <p id="attendees-hint" className={`text-xs ${attendeesError ? 'text-danger-fg' : 'text-fg-subtle'}`}>
          {attendeesError ?? t('attendeesHint')}
        </p>
      </div>
      <div className="space-y-1">
        <label htmlFor="description" className="block text-sm font-medium text-fg-muted">
          {t('description')}
        </label>
        <textarea
          id="description"
          name="description"
          rows={4}
          defaultValue={defaults?.description}
          className={textareaClass}
        />
      </div>
      <div className="flex gap-2">
        <Button type="submit" disabled={pending || !hydrated}>
          {pending ? t('saving') : submitLabel}
        </Button>
        <Link
          href={cancelHref}
          className="inline-flex items-center rounded-md px-3.5 py-2 text-sm font-medium text-fg-muted hover:bg-surface-muted"
        >
          {t('cancel')}
        </Link>
      </div>
    </form>
  );
}
