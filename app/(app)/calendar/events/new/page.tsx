import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { EventForm } from '@/components/calendar/event-form';
import { Card } from '@/components/ui/card';
import { isDayString, mondayOf } from '@/lib/calendar/week';
import { requireSession } from '@/server/session';
import { createEventAction } from './actions';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('calendar'))('newEvent') };
}

type Props = { searchParams: Promise<{ day?: string | string[] }> };

export default async function NewEventPage({ searchParams }: Props) {
  await requireSession();
  const { day } = await searchParams;
  const chosenDay = typeof day === 'string' && isDayString(day) ? day : undefined;
  const t = await getTranslations('calendar');
  return (
    <div className="mx-auto max-w-2xl space-y-6 p-6 md:p-10">
      <h1 className="text-xl font-semibold text-fg">{t('newEvent')}</h1>
      <Card>
        <EventForm
          action={createEventAction}
          day={chosenDay}
          submitLabel={t('form.create')}
          cancelHref={chosenDay ? `/calendar?week=${mondayOf(chosenDay)}` : '/calendar'}
        />
      </Card>
    </div>
  );
}
