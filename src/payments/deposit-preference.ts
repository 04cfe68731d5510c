import { publicBaseUrl, type AppConfig } from '../config/app-config.js';
import type { ReservationRecord } from '../reservations/domain/reservation-record.js';
import type { DepositPreferenceRequest } from './mercadopago/mercadopago.types.js';

export const MERCADOPAGO_WEBHOOK_PATH = '/api/v1/webhooks/mercadopago';

const day = (iso: string) => iso.split('-').reverse().join('/');

/** Where MercadoPago posts the notifications of our preferences (webhooks only, not legacy IPN). */
export function notificationUrl(config: AppConfig): string {
  return `${publicBaseUrl(config)}${MERCADOPAGO_WEBHOOK_PATH}?source_news=webhooks`;
}

/**
 * The preference for a reservation's deposit. Everything in it derives from the reservation, so a
 * retried creation sends the same body under the same idempotency key.
 */
export function depositPreference(
  reservation: ReservationRecord,
  config: AppConfig,
): DepositPreferenceRequest {
  const expiresAt =
    reservation.expiresAt ?? new Date(reservation.createdAt.getTime() + config.booking.holdMinutes * 60_000);
  return {
    reference: reservation.code,
    title: `Seña - ${reservation.accommodation.name} - ${day(reservation.checkIn)} al ${day(reservation.checkOut)}`,
    description: `Reserva ${reservation.code}: ${reservation.nights} noches, ${reservation.guestsCount} huéspedes`,
    amount: reservation.depositAmount,
    currency: reservation.currency,
    notificationUrl: notificationUrl(config),
    availableFrom: reservation.createdAt,
    expiresAt,
  };
}

export const preferenceIdempotencyKey = (code: string) => `deposit-preference:${code}`;
