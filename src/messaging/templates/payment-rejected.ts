import { formatStayDate, type StayView } from './stay-format.js';

/**
 * MercadoPago turned the deposit payment down (card declined, not enough funds…) while the hold still
 * stands: the guest may not have seen it at the checkout, and can try again with the same link.
 */
export function paymentRejectedMessage(stay: StayView): string {
  return (
    `El pago de la seña de tu reserva *${stay.code}* (${stay.placeName}, del ${formatStayDate(stay.checkIn)} ` +
    `al ${formatStayDate(stay.checkOut)}) no se aprobó 😕\n\n` +
    'La pre-reserva sigue guardada: podés intentarlo de nuevo con el mismo link, con otra tarjeta u otro medio. ' +
    'Si necesitás el link otra vez, escribime "link de pago" 🙏'
  );
}
