import { Alert } from './alert';

/**
 * Above a list shown without some of the filters its address asked for: which ones and why, so nobody takes
 * the wider list for the filtered one. `labels` names each field as the filter form does.
 */
export function RefusedFilters({
  refused,
  labels,
}: {
  refused: ReadonlyArray<{ field: string; message: string }>;
  labels: Readonly<Record<string, string>>;
}) {
  if (refused.length === 0) return null;
  return (
    <Alert>
      <ul className="space-y-1" data-testid="refused-filters">
        {refused.map(({ field, message }) => (
          <li key={field}>
            <span className="font-medium">{labels[field] ?? field}:</span> {message}
          </li>
        ))}
      </ul>
    </Alert>
  );
}
