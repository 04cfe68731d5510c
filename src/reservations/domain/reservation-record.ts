import type { ReservationStatus } from './reservation-status.js';

/** A reservation as the rest of the app sees it: plain data, dates as `YYYY-MM-DD`, money as decimal strings. */
export interface ReservationRecord {
  id: string;
  code: string;
  status: ReservationStatus;
  accommodation: { id: string; slug: string; name: string; timezone: string };
  guestPhone: string;
  guestName: string | null;
  checkIn: string;
  /** Exclusive: the morning the guest leaves. */
  checkOut: string;
  nights: number;
  guestsCount: number;
  totalPrice: string;
  depositAmount: string;
  currency: string;
  source: 'whatsapp' | 'admin';
  /** When an unpaid hold lapses; null once confirmed/cancelled does not matter, the status decides. */
  expiresAt: Date | null;
  confirmedAt: Date | null;
  cancelledAt: Date | null;
  expiredAt: Date | null;
  createdAt: Date;
}

export type ReservationSource = ReservationRecord['source'];

/**
 * Still holding its dates: confirmed, or a hold not yet past its expiry (the expiry job may not have
 * marked it yet). The SQL twin is the repository's LIVE condition.
 */
export function isLive(r: Pick<ReservationRecord, 'status' | 'expiresAt'>, now: Date = new Date()): boolean {
  return (
    r.status === 'confirmed' || (r.status === 'pre_reserved' && r.expiresAt !== null && r.expiresAt > now)
  );
}
