import { readFileSync } from 'node:fs';
import { looksLikeCalendar, NotACalendarError, parseFeed } from '../../../src/calendar/ical/feed-parser.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/ical/${name}`, import.meta.url), 'utf8');
const options = {
  timeZone: 'America/Argentina/Buenos_Aires',
  today: '2026-12-01',
  ownUidSuffix: '@reservas.estadia',
};
const ranges = (text: string) =>
  Object.fromEntries(parseFeed(text, options).blocks.map((b) => [b.uid, [b.startDate, b.endDate]]));

describe('parseFeed', () => {
  it('reads Airbnb (CRLF, folded lines): check-out exclusive, past stays and our own echoes dropped', () => {
    const parsed = parseFeed(fixture('airbnb.ics'), options);
    expect(parsed.blocks).toEqual([
      {
        uid: '1418fb94e984-0a1b2c3d4e5f60718293a4b5c6d7e8f9@airbnb.com',
        startDate: '2027-01-10',
        endDate: '2027-01-15',
        summary: 'Reserved',
      },
      {
        uid: '7f3e8a1c9d2b-11223344556677889900aabbccddeeff@airbnb.com',
        startDate: '2027-01-25',
        endDate: '2027-02-01',
        summary: 'Airbnb (Not available)',
      },
    ]);
    expect(parsed.echoes).toBe(1);
  });

  it('reads Booking.com (bare LF line endings)', () => {
    expect(ranges(fixture('booking.ics'))).toEqual({
      '9d3c5e0f2a7b4c18a0e1@booking.com': ['2027-01-20', '2027-01-23'],
    });
  });

  it('reads Vrbo: DURATION instead of DTEND, and a DATE event without an end lasts one night', () => {
    expect(ranges(fixture('vrbo.ics'))).toEqual({
      '5b3a1f2e-0c4d-4e5f-8a9b-0c1d2e3f4a5b': ['2027-02-01', '2027-02-05'],
      '7c4b2a3f-1d5e-4f60-9bac-1d2e3f4a5b6c': ['2027-02-20', '2027-02-21'],
    });
  });

  describe('a human-typed Google calendar (BOM, timed, recurring, cancelled, malformed)', () => {
    const parsed = () => parseFeed(fixture('google.ics'), options);
    const blocks = () => ranges(fixture('google.ics'));

    it('maps timed events to the nights they overlap at the place, whatever the zone notation', () => {
      expect(blocks()).toMatchObject({
        'utc@google.com': ['2027-03-10', '2027-03-12'],
        'tzid@google.com': ['2027-03-20', '2027-03-21'],
        'windows@google.com': ['2027-04-01', '2027-04-03'],
        'floating@google.com': ['2027-04-10', '2027-04-11'],
        'unknown-zone@google.com': ['2027-04-15', '2027-04-16'],
        'point@google.com': ['2027-05-01', '2027-05-02'],
      });
    });

    it('skips a daytime appointment, cancelled events and events past the horizon', () => {
      const uids = Object.keys(blocks());
      expect(uids).not.toContain('dentist@google.com');
      expect(uids).not.toContain('cancelled@google.com');
      expect(uids).not.toContain('far@google.com');
    });

    it('treats DTEND = DTSTART as one night and counts DTEND < DTSTART as malformed', () => {
      expect(blocks()['same-day@google.com']).toEqual(['2027-06-01', '2027-06-02']);
      expect(blocks()['reversed@google.com']).toBeUndefined();
      expect(parsed().malformed).toBe(1);
    });

    it('gives an event without UID a key made of its dates', () => {
      expect(blocks()['no-uid:2027-07-01:2027-07-03']).toEqual(['2027-07-01', '2027-07-03']);
    });

    it('expands recurring events inside the horizon, honouring EXDATE, with the summary text', () => {
      const weekly = parsed().blocks.filter((b) => b.uid.startsWith('weekly@google.com#'));
      expect(weekly.map((b) => [b.startDate, b.endDate])).toEqual([
        ['2027-08-01', '2027-08-03'],
        ['2027-08-15', '2027-08-17'],
      ]);
      expect(weekly[0].summary).toBe('Mantenimiento');
      const yearly = parsed().blocks.filter((b) => b.uid.startsWith('yearly@google.com#'));
      expect(yearly.map((b) => b.startDate)).toEqual(['2026-12-24', '2027-12-24']);
    });
  });

  it('refuses bodies that are not calendars instead of reading them as "no bookings"', () => {
    for (const body of ['', '<!doctype html><html>Log in</html>', 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\n']) {
      expect(looksLikeCalendar(body)).toBe(false);
      expect(() => parseFeed(body, options)).toThrow(NotACalendarError);
    }
    expect(parseFeed('\uFEFFBEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n', options).blocks).toEqual(
      [],
    );
  });
});
