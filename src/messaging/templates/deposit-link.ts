import { formatMoney, formatStayDate, type StayView } from './stay-format.js';

/**
 * The deposit link, sent on its own when it could not go with the pre-reservation reply (the
 * payment service was slow to answer at that moment).
 */
/**
 * MercadoPago turned the deposit request down for good after the guest was told the link would
 * follow: they hear it from us instead of waiting, and the operator (alerted) arranges the payment.
 */
export function depositLinkUnavailableMessage(stay: StayView): string {
  return (
    `Perdón 🙏 No pude generar el link para pagar la seña de tu reserva *${stay.code}* ` +
    `(${stay.placeName}, del ${formatStayDate(stay.checkIn)} al ${formatStayDate(stay.checkOut)}). ` +
    'Te vamos a escribir por acá para coordinar el pago.'
  );
}

export function depositLinkMessage(stay: StayView & { deposit: string; link: string }): string {
  return (
    `¡Acá está el link para pagar la seña de tu reserva *${stay.code}*! 💳\n` +
    `🏡 ${stay.placeName}, del ${formatStayDate(stay.checkIn)} al ${formatStayDate(stay.checkOut)}\n` +
    `💵 Seña: ${formatMoney(stay.deposit)}\n\n` +
    `Pagala acá: ${stay.link}\n` +
    'Apenas se acredite, te confirmo la reserva por acá 😊'
  );
}
