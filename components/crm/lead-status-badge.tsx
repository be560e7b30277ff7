import type { LeadDetail } from '@/lib/crm/get-lead';

type CrmLeadStatus = LeadDetail['status'];

const styles: Record<CrmLeadStatus, string> = {
  new: 'bg-sky-50 text-sky-800',
  in_progress: 'bg-amber-50 text-amber-800',
  converted: 'bg-emerald-50 text-emerald-800',
  lost: 'bg-slate-100 text-slate-600',
};

export function LeadStatusBadge({ status, label }: { status: CrmLeadStatus; label: string }) {
  return <span className={`inline-block rounded-full px-2 py-0.5 text-xs font-medium ${styles[status]}`}>{label}</span>;
}
