import type { ReservationRecord } from '../reservations/domain/reservation-record.js';
import type { ReservationView } from './guest-texts.js';

export const reservationView = (r: ReservationRecord): ReservationView => ({
  code: r.code,
  placeName: r.accommodation.name,
  checkIn: r.checkIn,
  checkOut: r.checkOut,
  guests: r.guestsCount,
  totalPrice: r.totalPrice,
  depositAmount: r.depositAmount,
});
