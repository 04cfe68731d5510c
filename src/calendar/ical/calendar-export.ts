/** One blocked stay in our exported feed: dates only, never who is staying. */
export interface ExportedStay {
  uid: string;
  startDate: string;
  endDate: string;
  /** When the booking last changed (DTSTAMP); stable between fetches so the body is too. */
  stamp: Date;
}

export interface ExportedCalendar {
  name: string;
  stays: readonly ExportedStay[];
}

const PRODID = '-//Estadia//Reservas 1.0//ES';
/** What importers show for each stay; no guest data ever goes into a feed (feeds leak). */
export const EXPORT_SUMMARY = 'Reservado';
const MAX_OCTETS = 75;

/** RFC 5545 §3.1: at most 75 octets per line, continuation lines start with a space, UTF-8 kept whole. */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let bytes = 0;
  let limit = MAX_OCTETS;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (bytes + size > limit) {
      out.push(current);
      current = '';
      bytes = 0;
      limit = MAX_OCTETS - 1; // the leading space of a continuation line counts
    }
    current += ch;
    bytes += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

export function escapeText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

const icalDate = (date: string) => date.replace(/-/g, '');
const icalStamp = (instant: Date) => `${instant.toISOString().slice(0, 19).replace(/[-:]/g, '')}Z`;

/** Our bookings as all-day events (check-out day exclusive), CRLF line endings, folded lines. */
export function renderCalendar(calendar: ExportedCalendar): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${PRODID}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(calendar.name)}`,
  ];
  for (const stay of calendar.stays) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${stay.uid}`,
      `DTSTAMP:${icalStamp(stay.stamp)}`,
      `DTSTART;VALUE=DATE:${icalDate(stay.startDate)}`,
      `DTEND;VALUE=DATE:${icalDate(stay.endDate)}`,
      'SEQUENCE:0',
      `SUMMARY:${EXPORT_SUMMARY}`,
      'TRANSP:OPAQUE',
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}
