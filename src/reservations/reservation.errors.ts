import { AppError } from '../common/errors/app-error.js';
import { assertNever } from '../common/assert-never.js';

export type ReservationErrorCode =
  | 'date_overlap'
  | 'no_availability'
  | 'invalid_dates'
  | 'capacity_exceeded'
  | 'invalid_guests'
  | 'not_found'
  | 'invalid_transition'
  | 'slug_taken';

/** The one place that decides what each domain failure means over HTTP. */
export function reservationHttpStatus(code: ReservationErrorCode): number {
  switch (code) {
    case 'date_overlap':
    case 'no_availability':
    case 'invalid_transition':
    case 'slug_taken':
      return 409;
    case 'invalid_dates':
    case 'capacity_exceeded':
    case 'invalid_guests':
      return 422;
    case 'not_found':
      return 404;
    default:
      return assertNever(code);
  }
}

/** Domain failures of bookings; the conversation maps the same codes to guest texts. */
export class ReservationError extends AppError<ReservationErrorCode> {
  get httpStatus(): number {
    return reservationHttpStatus(this.code);
  }
}

export const dateOverlap = () =>
  new ReservationError('date_overlap', 'The place already has an active reservation on those dates');
export const noAvailability = (slug: string) =>
  new ReservationError('no_availability', `${slug} is not available on those dates`);
/** Why dates are refused, for a caller that words it for a person (the conversation does). */
export type InvalidDatesReason = 'not_dates' | 'order' | 'past' | 'too_far' | 'too_long';
export const invalidDates = (message: string, reason: InvalidDatesReason) =>
  new ReservationError('invalid_dates', message, { reason });
export const capacityExceeded = (capacity: number) =>
  new ReservationError('capacity_exceeded', `The place sleeps at most ${capacity} guests`, { capacity });
export const invalidGuests = () =>
  new ReservationError('invalid_guests', 'guests must be a whole number of at least 1');
export const notFound = (what: string) => new ReservationError('not_found', `${what} not found`);
export const invalidTransition = (from: string, to: string) =>
  new ReservationError('invalid_transition', `A ${from} reservation cannot become ${to}`, {
    current_status: from,
  });
/** A change (other than a status move) asked of a reservation that is no longer active. */
export const notActive = (status: string) =>
  new ReservationError('invalid_transition', `A ${status} reservation cannot be changed`, {
    current_status: status,
  });
export const slugTaken = (slug: string) =>
  new ReservationError('slug_taken', `An accommodation with slug ${slug} already exists`);
