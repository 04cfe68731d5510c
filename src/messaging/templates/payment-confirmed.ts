import { formatMoney, formatStayDate, type StayView } from './stay-format.js';

/**
 * Sent once, when the deposit is approved and the reservation confirmed. `late`: paid after the hold
 * lapsed (the guest may already have the "se venció" notice) and confirmed because the dates were free.
 */
export function paymentConfirmedMessage(stay: StayView & { deposit: string; late?: boolean }): string {
  const received = stay.late
    ? `Recibimos tu seña de ${formatMoney(stay.deposit)}. Llegó después de que venciera la pre-reserva, ` +
      'pero las fechas seguían libres, así que tu reserva quedó confirmada ✅\n\n'
    : `Recibimos tu seña de ${formatMoney(stay.deposit)} y tu reserva quedó confirmada ✅\n\n`;
  return (
    '¡Pago Confirmado! 🎉\n' +
    received +
    `🔖 Código: *${stay.code}*\n` +
    `🏡 ${stay.placeName}\n` +
    `📅 Llegada: ${formatStayDate(stay.checkIn)}\n` +
    `📅 Salida: ${formatStayDate(stay.checkOut)}\n\n` +
    '¡Te esperamos! Si necesitás algo antes de llegar, escribime por acá 😊'
  );
}
