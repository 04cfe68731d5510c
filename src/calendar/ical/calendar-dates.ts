/**
 * Date arithmetic for imported and exported calendars, on `YYYY-MM-DD` strings through UTC midnights.
 * Calendar sits below reservations and keeps its own copy of these few lines instead of importing it.
 */
const DAY_MS = 86_400_000;

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A wall-clock reading: the calendar date and the minutes since midnight. */
export interface WallClock {
  date: string;
  minutes: number;
}

/**
 * node-ical builds all-day values and floating times with the process's local clock, so their
 * local getters give back exactly what the feed said, whatever TZ the process runs with.
 */
export function localWallClock(value: Date): WallClock {
  return {
    date: `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`,
    minutes: value.getHours() * 60 + value.getMinutes(),
  };
}

/** The wall clock an instant shows in an IANA zone. */
export function wallClockIn(instant: Date, timeZone: string): WallClock {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

export function todayIn(timeZone: string, now: Date): string {
  return wallClockIn(now, timeZone).date;
}

export function isKnownTimeZone(timeZone: string | undefined): timeZone is string {
  if (!timeZone) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}
