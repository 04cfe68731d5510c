import ical, { type VEvent } from 'node-ical';
import { escapeText, foldLine, renderCalendar } from '../../../src/calendar/ical/calendar-export.js';

describe('calendar export formatting', () => {
  const body = renderCalendar({
    name: 'Cabaña del Lago, vista; al agua',
    stays: [
      {
        uid: 'RES-ABC234@reservas.estadia',
        startDate: '2027-01-10',
        endDate: '2027-01-15',
        stamp: new Date('2026-12-05T16:10:44.123Z'),
      },
      {
        uid: 'RES-XYZ789@reservas.estadia',
        startDate: '2027-02-01',
        endDate: '2027-02-02',
        stamp: new Date('2026-12-06T00:00:00Z'),
      },
    ],
  });

  it('ends every line with CRLF and keeps lines within 75 octets', () => {
    expect(body.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(body.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of body.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
  });

  it('writes all-day events with exclusive check-out, UID, DTSTAMP in UTC and no guest data', () => {
    expect(body).toContain(
      [
        'BEGIN:VEVENT',
        'UID:RES-ABC234@reservas.estadia',
        'DTSTAMP:20261205T161044Z',
        'DTSTART;VALUE=DATE:20270110',
        'DTEND;VALUE=DATE:20270115',
        'SEQUENCE:0',
        'SUMMARY:Reservado',
        'TRANSP:OPAQUE',
        'END:VEVENT',
      ].join('\r\n'),
    );
    expect(body.match(/^PRODID:/gm)).toHaveLength(1);
    expect(body.match(/^VERSION:2.0/gm)).toHaveLength(1);
    expect(body).toContain('X-WR-CALNAME:Cabaña del Lago\\, vista\\; al agua');
  });

  it('parses back with node-ical to the same dates', () => {
    const events = Object.values(ical.sync.parseICS(body)).filter((c) => c?.type === 'VEVENT') as VEvent[];
    expect(
      events.map((e) => [e.uid, e.datetype, e.start.getDate(), e.end?.getDate(), e.end?.getMonth()]),
    ).toEqual([
      ['RES-ABC234@reservas.estadia', 'date', 10, 15, 0],
      ['RES-XYZ789@reservas.estadia', 'date', 1, 2, 1],
    ]);
  });

  it('folds long lines without splitting a multi-byte character', () => {
    const line = `X-WR-CALNAME:${'ñ'.repeat(80)}`;
    const folded = foldLine(line);
    const parts = folded.split('\r\n');
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.slice(1).every((p) => p.startsWith(' '))).toBe(true);
    for (const part of parts) expect(Buffer.byteLength(part, 'utf8')).toBeLessThanOrEqual(75);
    expect(parts.map((p, i) => (i === 0 ? p : p.slice(1))).join('')).toBe(line);
    expect(foldLine('SHORT:line')).toBe('SHORT:line');
  });

  it('escapes TEXT values', () => {
    expect(escapeText('a\\b;c,d\ne\r\nf')).toBe('a\\\\b\\;c\\,d\\ne\\nf');
  });

  it('renders an empty calendar when there is nothing booked', () => {
    const empty = renderCalendar({ name: 'X', stays: [] });
    expect(empty).not.toContain('BEGIN:VEVENT');
    expect(empty.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
  });
});
