import type { ButtonHTMLAttributes } from 'react';

type Variant = 'primary' | 'secondary' | 'ghost' | 'danger';

const variants: Record<Variant, string> = {
  primary: 'bg-accent text-on-accent hover:bg-accent-hover disabled:bg-accent/60',
  secondary: 'border border-line-strong bg-surface text-fg hover:bg-surface-subtle disabled:text-fg-subtle',
  ghost: 'text-fg-muted hover:bg-surface-muted',
  // For what cannot be undone (deleting for good), after a question that says what will happen.
  danger: 'bg-danger text-on-accent hover:bg-danger-hover disabled:bg-danger/60',
};

export function Button({
  variant = 'primary',
  className = '',
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant }) {
  return (
    <button
      className={`inline-flex items-center justify-center rounded-md px-3.5 py-2 text-sm font-medium transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-focus disabled:cursor-not-allowed ${variants[variant]} ${className}`}
      {...props}
    />
  );
}
