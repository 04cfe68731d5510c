/** Calendar dates of a stay as `YYYY-MM-DD` strings; arithmetic goes through UTC midnights, never local time. */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
}

function toEpochDay(value: string): number {
  return Date.parse(`${value}T00:00:00Z`) / DAY_MS;
}

export function addDays(value: string, days: number): string {
  return new Date((toEpochDay(value) + days) * DAY_MS).toISOString().slice(0, 10);
}

/** Whole nights between two dates (check-out exclusive); negative when reversed. */
export function nightsBetween(checkIn: string, checkOut: string): number {
  return toEpochDay(checkOut) - toEpochDay(checkIn);
}

/** The calendar date "now" falls on in the given IANA timezone. */
export function todayIn(timezone: string, now: Date): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

/** Two half-open date ranges [a, b) and [c, d) share at least one night. */
export function rangesOverlap(aStart: string, aEnd: string, bStart: string, bEnd: string): boolean {
  return aStart < bEnd && bStart < aEnd;
}
