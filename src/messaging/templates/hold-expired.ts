import { formatStayDate, type StayView } from './stay-format.js';

/**
 * What a guest reads when their unpaid pre-reservation lapses. Same voice and formats as the chat's
 * texts (voseo, dates as dd/mm/yyyy, the code in bold as in the hold's own message), no technical word.
 */

export type HoldExpiredView = StayView;

export function holdExpiredText(hold: HoldExpiredView): string {
  return (
    `¡Hola! 👋 Tu pre-reserva *${hold.code}* en *${hold.placeName}* ` +
    `del ${formatStayDate(hold.checkIn)} al ${formatStayDate(hold.checkOut)} se venció porque no nos llegó ` +
    'el pago de la seña a tiempo, así que esas fechas quedaron libres otra vez.\n' +
    'Si todavía te interesa, escribime cuando quieras y me fijo si siguen disponibles 😊\n' +
    // A deposit paid at the last minute can be reported after the hold lapsed: no promise about how
    // that ends (it depends on the dates still being free), just a way to reach us.
    'Si justo pagaste la seña, avisame por acá y lo revisamos 🙏'
  );
}

/** One notice per hold, however many replicas or code paths expire it. */
export function holdExpiredDedupeKey(code: string): string {
  return `hold-expired:${code}`;
}
