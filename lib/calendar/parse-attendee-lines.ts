// The event forms take attendees as text, one person a line, the way addresses are written in mail:
// "Ann Lee <ann@example.com>", "ann@example.com". Validation of the addresses is left to attendeesSchema.

export type AttendeeLine = { name?: string; address: string };

const namedAddress = /^(.*?)\s*<([^<>]+)>$/;

export function parseAttendeeLines(text: string): AttendeeLine[] {
  // Semicolons and line breaks always separate people; a comma does only outside "Name <address>", since
  // display names such as "Lee, Ann" contain one.
  const parts = text.split(/[\n;]+/).flatMap((part) => (part.includes('<') ? [part] : part.split(',')));
  return parts
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const match = namedAddress.exec(part);
      if (!match) return { address: part };
      const name = match[1]!.trim().replace(/^"(.*)"$/, '$1');
      return name ? { name, address: match[2]!.trim() } : { address: match[2]!.trim() };
    });
}

export function formatAttendeeLines(attendees: Array<{ name: string; address: string }>): string {
  return attendees.map((a) => (a.name ? `${a.name} <${a.address}>` : a.address)).join('\n');
}
