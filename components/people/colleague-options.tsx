import type { Colleague } from '@/lib/users/list-colleagues';

/** One checkbox per colleague (name and address), for choosing chat members. */
export function ColleagueOptions({ colleagues, name }: { colleagues: Colleague[]; name: string }) {
  return colleagues.map((c) => (
    <label key={c.id} className="flex items-center gap-2 text-sm">
      <input type="checkbox" name={name} value={c.id} />
      <span>{c.name}</span>
      <span className="truncate text-xs text-fg-subtle">{c.email}</span>
    </label>
  ));
}
