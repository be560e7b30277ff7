import type { ReactNode } from 'react';

export function Card({
  title,
  children,
  className = '',
}: {
  title?: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  return (
    <section className={`rounded-lg border border-line bg-surface p-6 shadow-sm ${className}`}>
      {title ? <h2 className="mb-4 text-base font-semibold text-fg">{title}</h2> : null}
      {children}
    </section>
  );
}
