/** Text quoted for a reply: each line behind "> " (">" before a line that is already quoted). */
export function quoteLines(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => (line.startsWith('>') ? `>${line}` : `> ${line}`).trimEnd())
    .join('\n');
}
