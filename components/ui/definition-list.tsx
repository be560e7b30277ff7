export function DefinitionList({
  rows,
  className = '',
}: {
  rows: Array<[label: string, value: string]>;
  className?: string;
}) {
  return (
    <dl className={`grid grid-cols-[8rem_1fr] gap-y-2 text-sm ${className}`}>
      {rows.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="text-fg-subtle">{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
