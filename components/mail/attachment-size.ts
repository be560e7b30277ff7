/**
 * A file size for people: bytes under 1 KB, then KB and MB (1024-based, as file managers show them), with
 * one decimal below 10 so that a 1.4 KB file does not read "1 KB" and a 300-byte one never reads "0.0 MB".
 */
export function attachmentSize(bytes: number): { unit: 'bytes' | 'kilobytes' | 'megabytes'; size: number } {
  const safe = Number.isFinite(bytes) && bytes > 0 ? bytes : 0;
  if (safe < 1024) return { unit: 'bytes', size: safe };
  const round = (value: number) => (value < 10 ? Math.round(value * 10) / 10 : Math.round(value));
  if (safe < 1024 * 1024) return { unit: 'kilobytes', size: round(safe / 1024) };
  return { unit: 'megabytes', size: round(safe / 1024 / 1024) };
}
