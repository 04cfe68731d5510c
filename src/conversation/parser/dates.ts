// Turns date mentions into one stay: which mention wins, how partial dates ("el 15", "el sábado")
// land on the calendar relative to today, and when the result is too odd to trust.

import {
  addDays,
  compareDates,
  daysBetween,
  makeDate,
  shiftMonth,
  toIso,
  weekdayOf,
  type CalendarDate,
} from './calendar.js';
import { resolveRelativeDate } from './chrono-relative.js';
import {
  DateGrammar,
  type DateMention,
  type DateSpec,
  type Role,
  type WeekendWhich,
} from './date-grammar.js';
import { tokenizeForDates, type DateToken } from './date-tokens.js';

/**
 * `strong`: a day was given; `weak`: only "hoy"/"esta noche" or a length of stay, which also turn up
 * in chit-chat and so do not make a message a booking question on their own.
 */
export type DateStrength = 'none' | 'weak' | 'strong';

export interface StayDates {
  checkIn: string | null;
  checkOut: string | null;
  strength: DateStrength;
  /** Character spans (in the masked text) that were date talk, so other rules skip their numbers. */
  spans: ReadonlyArray<{ start: number; end: number }>;
}

export interface DateContext {
  today: CalendarDate;
  now: Date;
  utcOffset: number;
}

// Longer "stays" are nearly always a misread (two unrelated dates), not a booking.
const MAX_NIGHTS = 90;

export function extractStayDates(masked: string, ctx: DateContext): StayDates {
  const tokens = tokenizeForDates(masked);
  const mentions = new DateGrammar(tokens).scan();
  const spans = mentions.map(({ start, end }) => ({ start, end }));
  const month = contextMonth(tokens, mentions);
  const placed = month ? mentions.map((m) => inMonth(m, month)) : mentions.map((m) => nearHoliday(m, masked));
  const stay = pickStay(placed, masked, ctx);
  return {
    checkIn: stay.checkIn ? toIso(stay.checkIn) : null,
    checkOut: stay.checkOut ? toIso(stay.checkOut) : null,
    strength: stay.strength,
    spans,
  };
}

/**
 * A month named on its own, apart from any date ("en febrero, desde el 14"; "consulto por enero: del
 * 18 al 25"), is the month of the days given without one. Two different months settle nothing.
 */
function contextMonth(tokens: readonly DateToken[], mentions: readonly DateMention[]): number | null {
  const loose = new Set(
    tokens
      .filter((t) => t.kind === 'month' && !t.abbreviated)
      .filter((t) => !mentions.some((m) => t.start >= m.start && t.end <= m.end))
      .map((t) => (t as Extract<DateToken, { kind: 'month' }>).value),
  );
  return loose.size === 1 ? [...loose][0]! : null;
}

const NEW_YEAR = /\b(?:ano nuevo|fin de ano|reveillon|las fiestas)\b/;
const CHRISTMAS = /\b(?:navidad|nochebuena)\b/;

/**
 * "para año nuevo del 30 al 2", "para navidad del 24 al 26": the year-end holidays say which month bare
 * day numbers are in (around New Year, a late day is December's and an early one January's).
 */
function nearHoliday(m: DateMention, masked: string): DateMention {
  const first =
    m.kind === 'range' ? m.from : m.kind === 'single' ? m.spec : m.kind === 'weekend' ? m.around : undefined;
  if (!first || !dayOnly(first)) return m;
  if (NEW_YEAR.test(masked)) return inMonth(m, first.day! >= 15 ? 12 : 1);
  if (CHRISTMAS.test(masked)) return inMonth(m, 12);
  return m;
}

/** A plain day number ("el 14"), not a weekday, "mañana" or a day that already has its month. */
const dayOnly = (spec: DateSpec): boolean =>
  spec.day !== undefined &&
  spec.month === undefined &&
  spec.weekday === undefined &&
  spec.offset === undefined;

function inMonth(m: DateMention, month: number): DateMention {
  if (m.kind === 'single' && dayOnly(m.spec)) return { ...m, spec: { ...m.spec, month } };
  if (m.kind === 'weekend' && m.around && dayOnly(m.around)) return { ...m, around: { ...m.around, month } };
  if (m.kind === 'range' && dayOnly(m.from) && dayOnly(m.to)) {
    // "en enero, del 28 al 2": the stay runs into the next month.
    const toMonth = m.to.day! < m.from.day! ? (month % 12) + 1 : month;
    return { ...m, from: { ...m.from, month }, to: { ...m.to, month: toMonth } };
  }
  return m;
}

interface Stay {
  checkIn: CalendarDate | null;
  checkOut: CalendarDate | null;
  strength: DateStrength;
}

const NO_STAY: Stay = { checkIn: null, checkOut: null, strength: 'none' };

/**
 * An explicit range wins, then a weekend, then an arrival day: with a departure day, with a length
 * of stay, open-ended after "desde"/"a partir de", or else a single night.
 */
function pickStay(mentions: readonly DateMention[], masked: string, ctx: DateContext): Stay {
  const { today } = ctx;
  for (const m of mentions) {
    if (m.kind !== 'range') continue;
    const r = resolveRange(m.from, m.to, today);
    if (!r) continue;
    const checkOut = m.listsNights ? addDays(r[1], 1) : r[1];
    return { checkIn: r[0], checkOut, strength: 'strong' };
  }
  for (const m of mentions) {
    if (m.kind !== 'weekend') continue;
    const r = resolveWeekend(m.which, m.around, today);
    if (r) return { checkIn: r[0], checkOut: r[1], strength: 'strong' };
  }

  const nights = mentions.find((m) => m.kind === 'nights')?.nights;
  const points = mentions.flatMap((m) => pointOf(m, masked, ctx));
  const arrival = points.find((p) => p.role !== 'until');
  if (!arrival || compareDates(arrival.date, today) < 0) {
    return nights !== undefined ? { ...NO_STAY, strength: 'weak' } : NO_STAY;
  }
  const start = arrival.date;
  const strength = arrival.strength;
  // Arrival and departure may come in either order ("nos vamos el 20, llegamos el 15") and read as
  // one range, so "llego el 4 y me voy el 9 de enero" puts both days in January.
  const departure = points.find((p) => p.role === 'until');
  if (departure?.spec) {
    const range = arrival.spec ? resolveRange(arrival.spec, departure.spec, today) : null;
    if (range) return { checkIn: range[0], checkOut: range[1], strength: 'strong' };
    const end = resolveSpec(departure.spec, today, start);
    if (end && isPlausible(start, end)) return { checkIn: start, checkOut: end, strength: 'strong' };
  }
  if (nights !== undefined) return { checkIn: start, checkOut: addDays(start, nights), strength };
  if (arrival.role === 'from') return { checkIn: start, checkOut: null, strength };
  return { checkIn: start, checkOut: addDays(start, 1), strength };
}

interface Point {
  date: CalendarDate;
  role: Role;
  strength: DateStrength;
  spec?: DateSpec;
}

function pointOf(m: DateMention, masked: string, ctx: DateContext): Point[] {
  if (m.kind === 'relative') {
    const date = resolveRelativeDate(masked.slice(m.start, m.end), ctx.now, ctx.utcOffset);
    return date ? [{ date, role: 'stay', strength: 'strong' }] : [];
  }
  if (m.kind !== 'single') return [];
  const date = resolveSpec(m.spec, ctx.today);
  if (!date) return [];
  // "hoy" turns up in any chat ("juega boca hoy?"); it alone does not make a message about a stay.
  const strength: DateStrength = m.spec.offset === 0 ? 'weak' : 'strong';
  return [{ date, role: m.role, strength, spec: m.spec }];
}

function isPlausible(start: CalendarDate, end: CalendarDate): boolean {
  const nights = daysBetween(start, end);
  return nights > 0 && nights <= MAX_NIGHTS;
}

/**
 * Places a partial date on the calendar. Without `after` it is the first such day from today on
 * (a day already past this year means next year); with `after` it is the first one after that
 * day, which is how a range's end is read ("del 28/12 al 2/1" crosses the year).
 */
export function resolveSpec(spec: DateSpec, today: CalendarDate, after?: CalendarDate): CalendarDate | null {
  if (spec.offset !== undefined) return addDays(today, spec.offset);
  const base = after ?? today;
  const isFuture = (d: CalendarDate): boolean =>
    after ? compareDates(d, after) > 0 : compareDates(d, today) >= 0;

  if (spec.day !== undefined && spec.month !== undefined) {
    if (spec.year !== undefined) return makeDate(spec.year, spec.month, spec.day);
    const sameYear = makeDate(base.year, spec.month, spec.day);
    if (sameYear && isFuture(sameYear)) return sameYear;
    return makeDate(base.year + 1, spec.month, spec.day);
  }

  if (spec.day !== undefined) {
    // "el 15": this month if still ahead, else next. A weekday given with it ("el viernes 3") may
    // point one or two months further.
    let firstFit: CalendarDate | null = null;
    const monthsToTry = spec.weekday !== undefined ? 3 : 2;
    for (let k = 0; k < monthsToTry; k++) {
      const { year, month } = shiftMonth(base.year, base.month, k);
      const d = makeDate(year, month, spec.day);
      if (!d || !isFuture(d)) continue;
      if (spec.weekday === undefined || weekdayOf(d) === spec.weekday) return d;
      firstFit ??= d;
    }
    return firstFit;
  }

  if (spec.weekday !== undefined) {
    let ahead = (spec.weekday - weekdayOf(base) + 7) % 7;
    if (ahead === 0 && (after !== undefined || !spec.thisWeek)) ahead = 7;
    return addDays(base, ahead);
  }
  return null;
}

export function resolveRange(
  from: DateSpec,
  to: DateSpec,
  today: CalendarDate,
): [CalendarDate, CalendarDate] | null {
  let start: CalendarDate | null;
  if (from.day !== undefined && from.month === undefined && to.day !== undefined && to.month !== undefined) {
    // "del 28 al 2 de enero": the start borrows the end's month, or the one before when its day is later.
    const end = resolveSpec(to, today);
    if (!end) return null;
    const ym =
      from.day < end.day ? { year: end.year, month: end.month } : shiftMonth(end.year, end.month, -1);
    start = makeDate(ym.year, ym.month, from.day);
    if (start && compareDates(start, today) < 0 && to.year === undefined) {
      start = makeDate(ym.year + 1, ym.month, from.day);
    }
  } else {
    start = resolveSpec(from, today);
  }
  if (!start) return null;
  const end = resolveSpec(to, today, start);
  if (!end || !isPlausible(start, end)) return null;
  return [start, end];
}

/** Friday check-in, Sunday check-out; a weekend already under way starts today. */
export function resolveWeekend(
  which: WeekendWhich,
  around: DateSpec | undefined,
  today: CalendarDate,
): [CalendarDate, CalendarDate] | null {
  if (which === 'vague') return null;
  if (around) {
    const d = resolveSpec(around, today);
    if (!d) return null;
    const back = [2, -1, -1, -1, -1, 0, 1][weekdayOf(d)]!;
    if (back < 0) return null;
    const friday = addDays(d, -back);
    return [friday, addDays(friday, 2)];
  }
  const wd = weekdayOf(today);
  if (which === 'this') {
    if (wd === 5) return [today, addDays(today, 2)];
    if (wd === 6) return [today, addDays(today, 1)];
  }
  // Days to the Friday meant: the coming one, or next week's when this weekend is already here.
  const ahead = which === 'next' ? [5, 4, 3, 2, 1, 7, 6][wd]! : [5, 4, 3, 2, 1, 0, 6][wd]!;
  const friday = addDays(today, ahead);
  return [friday, addDays(friday, 2)];
}
