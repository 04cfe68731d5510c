import { formatMoney, formatStayDate, type StayView } from './stay-format.js';

/** Sent once, when the deposit is approved and the reservation confirmed. */
export function paymentConfirmedMessage(stay: StayView & { deposit: string }): string {
  return (
    '¡Pago Confirmado! 🎉\n' +
    `Recibimos tu seña de ${formatMoney(stay.deposit)} y tu reserva quedó confirmada ✅\n\n` +
    `🔖 Código: *${stay.code}*\n` +
    `🏡 ${stay.placeName}\n` +
    `📅 Llegada: ${formatStayDate(stay.checkIn)}\n` +
    `📅 Salida: ${formatStayDate(stay.checkOut)}\n\n` +
    '¡Te esperamos! Si necesitás algo antes de llegar, escribime por acá 😊'
  );
}
