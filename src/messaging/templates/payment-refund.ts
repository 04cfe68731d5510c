import { formatMoney, formatStayDate, type StayView } from './stay-format.js';

/**
 * The deposit arrived when the dates could no longer be kept (the pre-reservation had lapsed and
 * someone else booked them, or it was already paid): the guest gets the money back.
 */
export function paymentRefundMessage(stay: StayView & { deposit: string }): string {
  return (
    `¡Hola! Recibimos tu pago de ${formatMoney(stay.deposit)} para la reserva *${stay.code}* ` +
    `(${stay.placeName}, del ${formatStayDate(stay.checkIn)} al ${formatStayDate(stay.checkOut)}), ` +
    'pero lamentablemente esas fechas ya no están disponibles 😔\n\n' +
    'Te vamos a devolver el dinero completo, no tenés que hacer nada. ' +
    'Si querés, decime otras fechas y te ayudo a buscar otra opción 🙏'
  );
}
