type Translate = (key: string, values?: Record<string, string | number>) => string;

/** "Enterprise 2000" etc.; `t` is a translator scoped to the `plans` namespace. */
export function planLabel(t: Translate, plan: string): string {
  const enterprise = /^enterprise-(\d+)$/.exec(plan);
  return enterprise ? t('enterprise', { size: Number(enterprise[1]) }) : t(plan);
}
