import type { DateSuggestion } from '../reservations/availability.service.js';
import type { ReservationError } from '../reservations/reservation.errors.js';
import { texts } from './guest-texts.js';

/** The guest's text for a booking rule the stay ran into; `placeName` when the place was the guest's pick. */
export function bookingFailureText(
  error: ReservationError,
  suggestions: DateSuggestion[],
  placeName: string | null = null,
): string {
  switch (error.code) {
    case 'date_overlap':
      return texts.dateOverlap(suggestions, placeName);
    case 'no_availability':
      return texts.noAvailability(suggestions);
    case 'invalid_dates':
      return texts.invalidDates(error.details?.reason);
    case 'capacity_exceeded': {
      const capacity = error.details?.capacity;
      return texts.capacityExceeded(typeof capacity === 'number' ? capacity : null);
    }
    case 'invalid_guests':
      return texts.invalidGuests();
    case 'not_found':
      return texts.placeNotFound();
    case 'invalid_transition':
    case 'slug_taken':
      return texts.generic();
  }
}
