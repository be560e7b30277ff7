import type { TaskStatus } from '@/db/schema';

const tones: Record<TaskStatus, string> = {
  open: 'bg-info-subtle text-info-fg ring-info-line',
  in_progress: 'bg-warning-subtle text-warning-fg ring-warning-line',
  done: 'bg-success-subtle text-success-fg ring-success-line',
};

export function TaskStatusBadge({ status, label }: { status: TaskStatus; label: string }) {
  return (
    <span className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${tones[status]}`}>
      {label}
    </span>
  );
}
