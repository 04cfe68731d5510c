import ical, { type DateWithTimeZone, type ParameterValue, type VEvent } from 'node-ical';
import { addDays, isKnownTimeZone, localWallClock, wallClockIn, type WallClock } from './calendar-dates.js';

/** Dates a feed blocks, end exclusive (the check-out day), like a reservation. */
export interface ImportedBlock {
  uid: string;
  startDate: string;
  endDate: string;
  summary: string | null;
}

export interface ParseOptions {
  /** The accommodation's zone: where timed events become nights. */
  timeZone: string;
  /** Today at the accommodation; events ending before yesterday are dropped. */
  today: string;
  /** UIDs we export end with this: our own bookings coming back are not someone else's. */
  ownUidSuffix: string;
}

export interface ParsedFeed {
  blocks: ImportedBlock[];
  /** Events dropped as malformed (an end before the start). */
  malformed: number;
  /** Our own exported bookings that came back through the channel. */
  echoes: number;
}

export class NotACalendarError extends Error {
  override name = 'NotACalendarError';
}

/** How far ahead blocks are kept (about 18 months); recurring events are expanded up to here. */
export const HORIZON_DAYS = 550;
/**
 * A night runs from check-in on one day to check-out on the next (local time); a timed event
 * blocks every night it overlaps. Fixed hours: the feeds carry no check-in policy.
 */
const CHECK_IN_MINUTES = 14 * 60;
const CHECK_OUT_MINUTES = 10 * 60;
const SUMMARY_MAX = 200;

/** A 200 answer that is not a calendar (a login page, an error page, nothing) is a failure, never "no bookings". */
export function looksLikeCalendar(text: string): boolean {
  const body = text.replace(/^\uFEFF/, '').trimStart();
  return /^BEGIN:VCALENDAR/i.test(body) && /END:VCALENDAR/i.test(body);
}

/**
 * The nights a feed blocks, per integrations.md §4.3: all-day events are dates (DTEND exclusive,
 * missing DTEND = one night, DTEND = DTSTART = one night), timed events become the nights they
 * overlap at the accommodation, cancelled events and our own echoes are skipped, recurring events
 * are expanded over the horizon, and only blocks touching [yesterday, horizon) are kept.
 */
export function parseFeed(text: string, options: ParseOptions): ParsedFeed {
  if (!looksLikeCalendar(text)) throw new NotACalendarError('The body is not an iCalendar file');
  const parsed = ical.sync.parseICS(text.replace(/^\uFEFF/, ''));
  const from = addDays(options.today, -1);
  const to = addDays(options.today, HORIZON_DAYS);
  const blocks = new Map<string, ImportedBlock>();
  const result: ParsedFeed = { blocks: [], malformed: 0, echoes: 0 };

  const keep = (uid: string, range: Nights, summary: string | null) => {
    if (range === null) {
      result.malformed++;
      return;
    }
    if (range === 'none') return;
    if (!(range.start < to && from < range.end)) return;
    let key = uid;
    for (let n = 2; blocks.has(key); n++) key = `${uid}#${n}`;
    blocks.set(key, { uid: key, startDate: range.start, endDate: range.end, summary });
  };

  for (const [key, component] of Object.entries(parsed)) {
    if (!component || component.type !== 'VEVENT') continue;
    const event = component as VEvent;
    if (!event.start || event.status === 'CANCELLED') continue;
    // node-ical gives events without a UID a random key: a stable one comes from the dates instead.
    const uid = typeof event.uid === 'string' && event.uid ? event.uid : null;
    if (uid && uid.endsWith(options.ownUidSuffix)) {
      result.echoes++;
      continue;
    }
    const summary = textOf(event.summary);
    if (event.rrule) {
      const instances = ical.expandRecurringEvent(event, {
        from: new Date(`${from}T00:00:00Z`),
        to: new Date(`${to}T00:00:00Z`),
        expandOngoing: true,
      });
      for (const instance of instances) {
        if (instance.event.status === 'CANCELLED') continue;
        const range = nightsOf(
          instance.start,
          instance.end,
          instance.isFullDay,
          event.start,
          options.timeZone,
        );
        keep(
          `${uid ?? 'no-uid'}#${typeof range === 'object' && range ? range.start : key}`,
          range,
          textOf(instance.summary) ?? summary,
        );
      }
      continue;
    }
    const allDay = event.datetype === 'date' || event.start.dateOnly === true;
    const range = nightsOf(event.start, event.end ?? event.start, allDay, event.start, options.timeZone);
    keep(
      uid ?? `no-uid:${typeof range === 'object' && range ? `${range.start}:${range.end}` : key}`,
      range,
      summary,
    );
  }
  result.blocks = [...blocks.values()];
  return result;
}

function textOf(value: ParameterValue | undefined): string | null {
  const text = typeof value === 'string' ? value : value?.val;
  return text ? text.slice(0, SUMMARY_MAX) : null;
}

/**
 * A value's wall clock at the accommodation. Zoned values (UTC, IANA, Windows names node-ical maps)
 * are instants; floating values and unknown zones were read as the process's local clock, which is
 * what the feed wrote, so their local getters give the wall clock (RFC 5545: floating = local time).
 */
function wallClock(value: DateWithTimeZone, reference: DateWithTimeZone, timeZone: string): WallClock {
  const zone = value.tz ?? reference.tz;
  return isKnownTimeZone(zone) ? wallClockIn(value, timeZone) : localWallClock(value);
}

/** The nights blocked; 'none' for a daytime event that touches no night; null when malformed. */
type Nights = { start: string; end: string } | 'none' | null;

function nightsOf(
  start: DateWithTimeZone,
  end: DateWithTimeZone,
  allDay: boolean,
  reference: DateWithTimeZone,
  timeZone: string,
): Nights {
  if (allDay) {
    const first = localWallClock(start).date;
    // A DATE start with a DATE-TIME end is malformed; blocking through the day it ends on is the safe reading.
    const last = end.dateOnly ? localWallClock(end) : wallClock(end, reference, timeZone);
    let stop = end.dateOnly || last.minutes === 0 ? last.date : addDays(last.date, 1);
    if (stop < first) return null;
    if (stop === first) stop = addDays(first, 1);
    return { start: first, end: stop };
  }
  const s = wallClock(start, reference, timeZone);
  const e = wallClock(end, reference, timeZone);
  if (e.date < s.date || (e.date === s.date && e.minutes < s.minutes)) return null;
  const firstNight = s.minutes < CHECK_OUT_MINUTES ? addDays(s.date, -1) : s.date;
  const lastNight = e.minutes > CHECK_IN_MINUTES ? e.date : addDays(e.date, -1);
  // A short daytime event (between check-out and check-in) touches no night: nothing to block.
  if (lastNight < firstNight) return 'none';
  return { start: firstNight, end: addDays(lastNight, 1) };
}
