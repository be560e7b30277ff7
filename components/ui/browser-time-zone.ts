/** The zone this browser is in now. Its own module: the presence beat and relative times need no LocalTime. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}
