export const RESERVATION_STATUSES = ['pre_reserved', 'confirmed', 'expired', 'cancelled'] as const;
export type ReservationStatus = (typeof RESERVATION_STATUSES)[number];

/** Statuses that hold the dates; the database's exclusion constraint uses the same list. */
export const ACTIVE_STATUSES: readonly ReservationStatus[] = ['pre_reserved', 'confirmed'];

const TRANSITIONS: Record<ReservationStatus, readonly ReservationStatus[]> = {
  pre_reserved: ['confirmed', 'expired', 'cancelled'],
  confirmed: ['cancelled'],
  expired: [],
  cancelled: [],
};

export function canTransition(from: ReservationStatus, to: ReservationStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** The statuses from which `to` may be reached: the guard of the compare-and-set UPDATE. */
export function sourcesOf(to: ReservationStatus): ReservationStatus[] {
  return RESERVATION_STATUSES.filter((from) => canTransition(from, to));
}
