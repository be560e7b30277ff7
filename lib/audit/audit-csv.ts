// RFC 4180 with two additions for spreadsheets: a cell that starts like a formula is prefixed with a quote,
// so opening the export never runs what someone typed into a subject line; and a UTF-8 BOM, so Excel reads
// accents right.
export const CSV_BOM = '\uFEFF';

export function csvCell(value: string | number | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(values: Array<string | number | null | undefined>): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}
