import { capacityExceeded, invalidDates, invalidGuests } from '../reservation.errors.js';
import { addDays, isIsoDate, nightsBetween, todayIn } from './stay-dates.js';

export const MAX_NIGHTS = 30;
export const MAX_DAYS_AHEAD = 365;

export interface StayRequest {
  checkIn: string;
  checkOut: string;
}

/**
 * Date rules of a stay, judged against "today" where the place is (a guest in Bariloche at 23:30
 * still books "today" there even when UTC has moved on). Returns the number of nights.
 */
export function validateStayDates(stay: StayRequest, timezone: string, now: Date): number {
  const { checkIn, checkOut } = stay;
  if (!isIsoDate(checkIn) || !isIsoDate(checkOut)) {
    throw invalidDates('Dates must be real calendar dates as YYYY-MM-DD', 'not_dates');
  }
  const nights = nightsBetween(checkIn, checkOut);
  if (nights < 1) throw invalidDates('check_out must be after check_in', 'order');
  const today = todayIn(timezone, now);
  if (checkIn < today) throw invalidDates(`check_in is in the past (today is ${today} at the place)`, 'past');
  if (checkIn > addDays(today, MAX_DAYS_AHEAD)) {
    throw invalidDates(`check_in is more than ${MAX_DAYS_AHEAD} days ahead`, 'too_far');
  }
  if (nights > MAX_NIGHTS) throw invalidDates(`A stay is at most ${MAX_NIGHTS} nights`, 'too_long');
  return nights;
}

export function validateGuests(guests: number, capacity: number): void {
  if (!Number.isInteger(guests) || guests < 1) throw invalidGuests();
  if (guests > capacity) throw capacityExceeded(capacity);
}
