import type { LeadDetail } from '@/lib/crm/get-lead';

type CrmLeadStatus = LeadDetail['status'];

const styles: Record<CrmLeadStatus, string> = {
  new: 'bg-info-subtle text-info-fg',
  in_progress: 'bg-warning-subtle text-warning-fg',
  converted: 'bg-success-subtle text-success-fg',
  lost: 'bg-surface-muted text-fg-muted',
};

export function LeadStatusBadge({ status, label }: { status: CrmLeadStatus; label: string }) {
  return <span className={`inline-block rounded-full px-2 py-0.5 text-xs font-medium ${styles[status]}`}>{label}</span>;
}
