import { addDays, todayIn } from '../calendar/ical/calendar-dates.js';
import type { AppConfig } from '../config/app-config.js';
import { DEMO_ICAL_FEED } from '../database/demo-ical-feed.js';
import type { FakeIcalFeeds } from './fake-ical-feeds.js';

/**
 * Only the embedded development default gets the demo feed: never production, never test apps
 * (their scenarios book the demo places on fixed dates, which these moving dates would one day
 * meet), and not when private addresses are refused (the fake lives on loopback).
 */
export function runsDemoIcalFeed(config: AppConfig): boolean {
  return config.env === 'development' && config.database.embedded && config.ical.allowPrivateAddresses;
}

/** The demo calendar as of now: its dates are relative to today, so it never goes stale. */
export function demoCalendar(now: Date = new Date()): string {
  const today = todayIn(DEMO_ICAL_FEED.timeZone, now);
  const start = addDays(today, DEMO_ICAL_FEED.fromDay);
  const end = addDays(today, DEMO_ICAL_FEED.toDay);
  const compact = (date: string) => date.replace(/-/g, '');
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Estadia sandbox//Demo channel calendar//ES',
    'CALSCALE:GREGORIAN',
    'BEGIN:VEVENT',
    `UID:demo-${compact(start)}@sandbox.estadia.invalid`,
    `DTSTAMP:${compact(today)}T000000Z`,
    `DTSTART;VALUE=DATE:${compact(start)}`,
    `DTEND;VALUE=DATE:${compact(end)}`,
    'SUMMARY:CLOSED - Not available',
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

/** Starts the fake feed server with the demo calendar; answers the feed's URL. */
export async function startDemoIcalFeed(server: FakeIcalFeeds): Promise<string> {
  await server.start();
  server.setFeed(DEMO_ICAL_FEED.path, () => demoCalendar());
  return server.feedUrl(DEMO_ICAL_FEED.path);
}
