import { getLocale } from 'next-intl/server';
import { getDb } from '@/db/client';
import { exportAuditCsv } from '@/lib/audit/export-audit-csv';
import { defaultLocale, isLocale, type Locale } from '@/lib/i18n/locales';
import { authedRoute } from '@/server/route';
import { actorOf } from '@/server/session';

/**
 * The admin's language, as the page they export from was in (i18n/request.ts). English outside a Next request
 * (a test calling the handler directly), where there is no request to negotiate from.
 */
async function requestLocale(): Promise<Locale> {
  try {
    const locale = await getLocale();
    return isLocale(locale) ? locale : defaultLocale;
  } catch {
    return defaultLocale;
  }
}

// The page's filters, as query parameters; the lib validates them.
export const GET = authedRoute(null, async (_input, session, request) => {
  const filters = Object.fromEntries(new URL(request.url).searchParams);
  const chunks = await exportAuditCsv(getDb(), {
    actor: actorOf(session),
    orgId: session.org.id,
    filters,
    locale: await requestLocale(),
  });
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
  });
  const day = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="mailroom-audit-${day}.csv"`,
      'Cache-Control': 'no-store',
    },
  });
});
