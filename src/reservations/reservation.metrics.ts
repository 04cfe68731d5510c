import { makeCounterProvider } from '@willsoto/nestjs-prometheus';

export const PRERESERVATIONS_EXPIRED = 'prereservations_expired_total';
export const RESERVATION_TRANSITIONS = 'reservation_transitions_total';

export const prereservationsExpiredProvider = makeCounterProvider({
  name: PRERESERVATIONS_EXPIRED,
  help: 'Holds that lapsed unpaid (by the expiry job or cleared before a new hold)',
});

export const reservationTransitionsProvider = makeCounterProvider({
  name: RESERVATION_TRANSITIONS,
  help: 'Reservation state changes by target status (pre_reserved = hold created)',
  labelNames: ['to'],
});
