import { IcalFeedsService } from '../../src/calendar/ical-feeds.service.js';
import type { FakeIcalFeeds } from '../../src/sandbox/fake-ical-feeds.js';
import type { TestApp } from './test-app.js';

export interface FeedEvent {
  uid?: string;
  /** `YYYY-MM-DD`; end exclusive (the check-out day). */
  start: string;
  end: string;
  summary?: string;
  status?: 'CANCELLED' | 'CONFIRMED';
}

const icsDate = (date: string) => date.replace(/-/g, '');

/** A channel export in Airbnb's shape (CRLF, all-day events). */
export function icsCalendar(events: readonly FeedEvent[]): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'PRODID:-//Airbnb Inc//Hosting Calendar 1.0//EN',
    'CALSCALE:GREGORIAN',
    'VERSION:2.0',
  ];
  for (const e of events) {
    lines.push(
      'BEGIN:VEVENT',
      `DTEND;VALUE=DATE:${icsDate(e.end)}`,
      `DTSTART;VALUE=DATE:${icsDate(e.start)}`,
    );
    if (e.uid) lines.push(`UID:${e.uid}`);
    if (e.status) lines.push(`STATUS:${e.status}`);
    lines.push(`SUMMARY:${e.summary ?? 'Reserved'}`, 'END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return `${lines.join('\r\n')}\r\n`;
}

/** Serves `events` at a fresh path of the fake and registers it as a feed of the place. */
export async function addFeed(
  t: TestApp,
  fake: FakeIcalFeeds,
  slug: string,
  path: string,
  events: FeedEvent[] = [],
) {
  fake.setFeed(path, icsCalendar(events));
  return t.app.get(IcalFeedsService).add(slug, fake.feedUrl(path));
}
