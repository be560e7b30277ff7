import { getTranslations } from 'next-intl/server';
import type { Usage } from '@/lib/plans/limit-exceeded';

export type LimitRow = { key: string; label: string } & ({ usage: Usage } | { value: string });

/** Every limit with what is used and what remains (SPEC §2: "The UI shows each limit with what is used and what remains"). */
export async function LimitsTable({ rows, caption }: { rows: LimitRow[]; caption: string }) {
  const t = await getTranslations('limits');
  const number = (n: number | null) => (n === null ? t('unlimited') : n.toLocaleString());
  return (
    <table className="w-full text-sm" data-testid="limits-table">
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr className="border-b border-line text-left text-xs uppercase tracking-wide text-fg-subtle">
          <th className="py-2 font-medium" scope="col">
            <span className="sr-only">{caption}</span>
          </th>
          <th className="py-2 text-right font-medium" scope="col">
            {t('limit')}
          </th>
          <th className="py-2 text-right font-medium" scope="col">
            {t('used')}
          </th>
          <th className="py-2 text-right font-medium" scope="col">
            {t('remaining')}
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key} data-limit={row.key} className="border-b border-line-subtle last:border-0">
            <th scope="row" className="py-2 pr-4 text-left font-normal text-fg-muted">
              {row.label}
            </th>
            {'usage' in row ? (
              <>
                <td className="py-2 text-right tabular-nums">{number(row.usage.limit)}</td>
                <td className="py-2 text-right tabular-nums">{row.usage.used.toLocaleString()}</td>
                <td className="py-2 text-right tabular-nums">{number(row.usage.remaining)}</td>
              </>
            ) : (
              <td className="py-2 text-right" colSpan={3}>
                {row.value}
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
