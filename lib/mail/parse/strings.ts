/** At most `max` UTF-16 units, never ending in half a surrogate pair. */
export function truncate(value: string, max: number): string {
  if (value.length <= max) return value;
  const code = value.charCodeAt(max - 1);
  const end = code >= 0xd800 && code <= 0xdbff ? max - 1 : max;
  return value.slice(0, end);
}

/** One line of header text: control characters (CR/LF from a decoded word, NUL, ESC…) become spaces. */
export function singleLine(value: string): string {
  return value.replace(/[\u0000-\u0008\u000a-\u001f\u007f]/g, ' ');
}

/** PostgreSQL text cannot hold NUL; a body with stray NUL bytes would otherwise fail to store. */
export function withoutNul(value: string): string {
  return value.includes('\u0000') ? value.replaceAll('\u0000', '') : value;
}
