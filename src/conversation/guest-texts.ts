/**
 * Every text a guest can receive from the bot, in one place: friendly Argentine Spanish (voseo),
 * money in ARS without cents, dates as dd/mm/yyyy, and never a technical word.
 */

import type { DepositLink } from '../payments/deposit-links.js';

const ARS = new Intl.NumberFormat('es-AR', {
  style: 'currency',
  currency: 'ARS',
  maximumFractionDigits: 0,
  minimumFractionDigits: 0,
});

/**
 * "85000.00" → "$ 85.000". Whole pesos come from the integer part as a BigInt, so a long decimal
 * string never goes through a float; cents (if any) are rounded half up.
 */
export function money(amount: string): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(amount.trim());
  if (!match) return amount;
  let pesos = BigInt(match[2]);
  if ((match[3] ?? '0').padEnd(2, '0').slice(0, 2) >= '50') pesos += 1n;
  return ARS.format(match[1] === '-' ? -pesos : pesos);
}

/** "2027-01-15" → "15/01/2027". */
export function formatDate(iso: string): string {
  const [year, month, day] = iso.split('-');
  return `${day}/${month}/${year}`;
}

const placeClosing = (booked: boolean) =>
  booked ? '¿Te ayudo con algo más?' : '¿Querés que me fije si está libre? Decime las fechas y cuántos son.';
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const nightsText = (n: number) => plural(n, 'noche', 'noches');
const guestsText = (n: number) => plural(n, 'persona', 'personas');
/** How to pay the deposit of a new hold, as one line. */
const depositLine = (link: DepositLink): string => {
  switch (link.status) {
    case 'ready':
      return `Para confirmarla, pagá la seña acá: ${link.url}\n`;
    case 'later':
      return 'En unos minutos te mando por acá el link para pagar la seña 🙏\n';
    case 'refused':
      return 'No pude generar el link para pagar la seña 🙏 Te vamos a escribir por acá para coordinar el pago.\n';
  }
};
/** A hold's place, stay, party, amounts and how to pay, after its heading line. */
const holdCard = (r: ReservationView, link: DepositLink, holdMinutes: number) =>
  `🏡 ${r.placeName}\n` +
  `📅 Llegada: ${formatDate(r.checkIn)}\n` +
  `📅 Salida: ${formatDate(r.checkOut)}\n` +
  `👥 ${guestsText(r.guests)}\n` +
  `💵 Total: ${money(r.totalPrice)}\n` +
  `💳 Seña: ${money(r.depositAmount)}\n\n` +
  depositLine(link) +
  `⏳ La pre-reserva vence en ${holdMinutes} minutos.`;
const joinAnd = (items: string[]) =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} y ${items.at(-1)}`;
const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const range = (checkIn: string, checkOut: string) => `del ${formatDate(checkIn)} al ${formatDate(checkOut)}`;

export const MENU_OPTIONS =
  'Puedo ayudarte con:\n' +
  '1️⃣ Consultar disponibilidad (por ejemplo: "¿tenés libre del 15 al 20 de diciembre para 4?")\n' +
  '2️⃣ Ver fotos y precios de nuestros alojamientos (por ejemplo: "info de la cabaña del lago")\n' +
  '3️⃣ Reservar (por ejemplo: "reservá la del lago")\n' +
  '4️⃣ Consultar, pagar o cancelar tu reserva (con tu código, por ejemplo RES-AB12CD)';

export const DATE_EXAMPLE = 'Del 15 al 20 de diciembre';

export interface OfferView {
  name: string;
  nights: number;
  nightlyPrice: string;
  totalPrice: string;
}

export interface SuggestionView {
  name: string;
  checkIn: string;
  checkOut: string;
}

export interface PlaceView {
  name: string;
  capacity: number;
  nightlyPrice: string;
  description: string;
}

export interface ReservationView {
  code: string;
  placeName: string;
  checkIn: string;
  checkOut: string;
  guests: number;
  totalPrice: string;
  depositAmount: string;
}

const suggestionLines = (suggestions: SuggestionView[]) =>
  suggestions.map((s) => `• ${s.name}: ${range(s.checkIn, s.checkOut)}`).join('\n');

export const texts = {
  hello: () => '¡Hola! 👋',
  greeting: () => `¡Hola! 👋 Soy el asistente de reservas. ${MENU_OPTIONS}\n¿Qué necesitás?`,
  help: () => `${MENU_OPTIONS}\nEscribime lo que necesites 😊`,
  unknown: () =>
    `Perdón, no te entendí bien 🙈 ${MENU_OPTIONS}\nProbá contándome fechas y cantidad de personas, por ejemplo: "${DATE_EXAMPLE} para 2".`,
  thanks: () => '¡De nada! 😊 Cualquier cosa, escribime cuando quieras.',

  askDates: (known: { guests: number | null; placeName: string | null }) => {
    const about = [
      known.placeName ? `para ${known.placeName}` : '',
      known.guests ? `para ${guestsText(known.guests)}` : '',
    ]
      .filter(Boolean)
      .join(' ');
    return `¡Dale! ${about ? `Ya tengo que es ${about}. ` : ''}¿Para qué fechas? Por ejemplo: "${DATE_EXAMPLE}".`;
  },
  askGuests: (checkIn: string, checkOut: string) =>
    `Perfecto, ${range(checkIn, checkOut)}. ¿Para cuántas personas sería?`,
  askPlace: (names: string[]) =>
    names.length > 0
      ? `¿Cuál querés reservar? Tengo libre:\n${names.map((name) => `• ${name}`).join('\n')}\n` +
        `Decime cuál, por ejemplo "la primera" o "${names[0]}".`
      : '¿Qué alojamiento querés reservar? Decime el nombre, por ejemplo "la cabaña del lago".',
  compareOptions: (places: { name: string; capacity: number; nightlyPrice: string; summary: string }[]) =>
    `Te cuento cómo son:\n${places
      .map(
        (p) =>
          `• *${p.name}* (hasta ${guestsText(p.capacity)}, ${money(p.nightlyPrice)} por noche)` +
          (p.summary ? `: ${p.summary}` : ''),
      )
      .join('\n')}\n` +
    (places.length === 1
      ? `¿Querés que te guarde *${places[0]!.name}*? Respondé *sí* y te la reservo.`
      : '¿Cuál preferís? Decime, por ejemplo, "la primera" o "la más barata".'),
  noProblem: () => '¡Dale! Si querés ver otras fechas u otro alojamiento, escribime 😊',

  available: (checkIn: string, checkOut: string, guests: number, offers: OfferView[]) =>
    `¡Buenas noticias! 🎉 Tengo lugar ${range(checkIn, checkOut)} para ${guestsText(guests)}:\n` +
    offers
      .map(
        (o) =>
          `• *${o.name}*: ${money(o.nightlyPrice)} por noche × ${nightsText(o.nights)} = ${money(o.totalPrice)}`,
      )
      .join('\n') +
    (offers.length === 1
      ? `\n¿Querés que te guarde *${offers[0]!.name}*? Respondé *sí* y te la reservo.`
      : `\n¿Querés reservar? Decime cuál, por ejemplo "la primera" o "${offers[0]!.name}".`),

  noAvailability: (suggestions: SuggestionView[]) =>
    suggestions.length > 0
      ? `Uh, para esas fechas no me queda nada libre 😕 Pero tengo estas opciones cerca:\n${suggestionLines(suggestions)}\n¿Te sirve alguna?`
      : 'Uh, para esas fechas no me queda nada libre 😕 ¿Querés probar con otras fechas?',

  /** The place is taken on those dates: just now by someone else, or already before the guest asked. */
  dateOverlap: (suggestions: SuggestionView[], placeName: string | null) => {
    const taken = placeName ? `*${placeName}* ya está ocupada esas fechas` : 'esas fechas ya están ocupadas';
    return suggestions.length > 0
      ? `¡Uy! ${taken} 😕 Te propongo estas:\n${suggestionLines(suggestions)}\n¿Te sirve alguna?`
      : `¡Uy! ${taken} 😕 ¿Querés probar con otras?`;
  },

  invalidDates: (reason?: unknown) =>
    reason === 'too_far'
      ? 'Por ahora tomo reservas hasta un año adelante 🙏 ¿Querés probar con fechas más cercanas?'
      : reason === 'too_long'
        ? 'Por acá puedo reservar hasta 30 noches seguidas 🙏 ¿Querés probar con una estadía más corta?'
        : `Esas fechas no me cierran 🤔 Fijate que la llegada sea antes de la salida y que no sean días que ya pasaron. Escribímelas así: "${DATE_EXAMPLE}".`,
  tooManyGuests: (largest: number) =>
    `Nuestro alojamiento más grande es para ${guestsText(largest)} 🙏 Si se pueden dividir en grupos más chicos, decime cuántos serían en cada uno y me fijo.`,
  capacityExceeded: (capacity: number | null) =>
    capacity
      ? `Ese alojamiento es para ${guestsText(capacity)} como máximo 🙏 Si son más, preguntame por disponibilidad y te muestro opciones más grandes.`
      : 'Son más personas de las que entran en ese alojamiento 🙏 Preguntame por disponibilidad y te muestro opciones más grandes.',
  invalidGuests: () => '¿Para cuántas personas sería? Decime un número, por ejemplo "para 2".',
  placeNotFound: () =>
    'No encontré ese alojamiento 🤔 Preguntame por disponibilidad y te muestro los que tenemos.',
  generic: () => 'Perdón, tuve un problemita para responderte 🙏 ¿Me lo escribís de nuevo en un ratito?',

  /** `has`: features the place's description names; `unknown`: the ones it does not settle. */
  placeFeatures: (p: PlaceView, has: string[], unknown: string[], booked = false) =>
    [
      has.length > 0 ? `¡Sí! *${p.name}* tiene ${joinAnd(has)} 🙌` : '',
      unknown.length > 0
        ? `Sobre ${joinAnd(unknown)} no tengo el dato a mano 🙏 Te cuento lo que sé de *${p.name}*: ${p.description}`
        : '',
      placeClosing(booked),
    ]
      .filter(Boolean)
      .join('\n'),
  /** No place named: which places' descriptions name each feature. */
  featuresByPlace: (found: { label: string; names: string[] }[], unknown: string[]) =>
    [
      ...found.map((f) => `• ${capitalize(f.label)}: ${f.names.map((n) => `*${n}*`).join(', ')}`),
      unknown.length > 0 ? `Sobre ${joinAnd(unknown)} no tengo el dato a mano 🙏` : '',
      '¿De cuál te cuento más?',
    ]
      .filter(Boolean)
      .join('\n'),
  photoCaption: (name: string) => `📸 *${name}*`,
  /** `booked`: the guest already has this place reserved, so offering to check it would be odd. */
  placeInfo: (p: PlaceView, booked = false) =>
    `*${p.name}*\n👥 Hasta ${guestsText(p.capacity)}\n💵 ${money(p.nightlyPrice)} por noche\n\n${p.description}\n\n${placeClosing(booked)}`,
  prices: (places: { name: string; nightlyPrice: string; capacity: number }[]) =>
    `Estos son nuestros precios por noche:\n${places
      .map((p) => `• *${p.name}* (hasta ${guestsText(p.capacity)}): ${money(p.nightlyPrice)}`)
      .join('\n')}\nDecime fechas y cantidad de personas y te paso el total.`,

  /** Without a link when the payment service could not give one yet: it follows in its own message. */
  reservationCreated: (r: ReservationView, link: DepositLink, holdMinutes: number) =>
    `¡Listo! Te guardé la pre-reserva ✅\n🔖 Código: *${r.code}*\n` +
    holdCard(r, link, holdMinutes) +
    '\n¿Te ayudo con algo más?',

  /** A hold moved to new dates: a new pre-reservation replaces `previousCode`. */
  rescheduled: (r: ReservationView, previousCode: string, link: DepositLink, holdMinutes: number) =>
    `¡Listo! Cambié las fechas ✅ Tu pre-reserva ahora tiene el código *${r.code}* (la *${previousCode}* quedó sin efecto).\n` +
    holdCard(r, link, holdMinutes),
  askNewDates: (r: ReservationView) =>
    `¿A qué fechas querés pasar tu reserva *${r.code}* (${r.placeName}, ${range(r.checkIn, r.checkOut)})? ` +
    'Decime, por ejemplo: "del 15 al 18 de enero".',
  /** The new dates are not free at that place: the booking stays as it was. */
  rescheduleTaken: (r: ReservationView, suggestions: SuggestionView[]) =>
    `Uh, en *${r.placeName}* esas fechas no están libres 😕 Tu reserva *${r.code}* sigue ${range(r.checkIn, r.checkOut)}.` +
    (suggestions.length > 0
      ? `\nTengo libre:\n${suggestions.map((s) => `• ${range(s.checkIn, s.checkOut)}`).join('\n')}\n¿Te sirve alguna? Decime las fechas y la cambio.`
      : '\n¿Probamos con otras fechas? Decímelas y me fijo.'),
  /** A confirmed stay's deposit was paid for its dates: a person arranges the change. */
  rescheduleConfirmed: (code: string) =>
    `Tu reserva *${code}* ya está confirmada con la seña paga, así que el cambio de fechas lo coordinamos en persona 🙏 ` +
    'Te vamos a escribir por acá; si querés, contame ya qué fechas te quedan bien.',
  rescheduleNotPossible: (code: string) =>
    `La reserva *${code}* ya no está activa, así que no la puedo cambiar 🙏 Si querés, decime fechas y cantidad de personas y te armo una nueva.`,

  /** `pending`: for a hold, when it lapses (HH:MM where the place is) and the deposit link, if any. */
  status: (
    r: ReservationView & { status: string },
    pending?: { expiresAt: string | null; link: DepositLink },
  ) => {
    const label: Record<string, string> = {
      pre_reserved: 'pre-reservada, esperando el pago de la seña ⏳',
      confirmed: 'confirmada ✅',
      cancelled: 'cancelada',
      expired: 'vencida (no llegó el pago a tiempo)',
    };
    return (
      `Tu reserva *${r.code}* está ${label[r.status] ?? 'en proceso'}.\n` +
      `🏡 ${r.placeName}, ${range(r.checkIn, r.checkOut)}, ${guestsText(r.guests)}.\n` +
      `💵 Total: ${money(r.totalPrice)} · Seña: ${money(r.depositAmount)}` +
      (pending?.expiresAt ? `\n⏳ La pre-reserva vence a las ${pending.expiresAt}.` : '') +
      (pending ? `\n${depositLine(pending.link).trimEnd()}` : '')
    );
  },
  /** A payment question from a guest with no booking: how paying works, and the way to start one. */
  howPaymentWorks: (depositPercent: number, holdMinutes: number) =>
    'Todavía no tengo una reserva activa a tu nombre 🤔 Te cuento cómo funciona:\n' +
    `• Para reservar se paga una seña del ${depositPercent} % del total por MercadoPago (tarjeta de crédito o débito, o dinero en cuenta).\n` +
    `• Cuando te guardo la pre-reserva te mando el link, y tenés ${holdMinutes} minutos para pagarla; apenas se acredita, te confirmo la reserva por acá.\n` +
    'Si ya pagaste una seña, pasame el código de la reserva (por ejemplo RES-AB12CD) y lo reviso. ' +
    'Si no, decime fechas y cuántos son y me fijo qué hay libre 😊',
  noReservations: () =>
    'No encontré reservas activas a tu nombre 🤔 Si tenés el código (por ejemplo RES-AB12CD), pasámelo.',
  reservationNotFound: () =>
    'No encontré una reserva tuya con ese código 🤔 Revisalo y pasámelo de nuevo, por ejemplo RES-AB12CD.',
  whichReservation: (codes: string[]) =>
    `Tenés más de una reserva activa: ${codes.join(', ')}. ¿Con cuál te ayudo? Pasame el código.`,
  confirmCancel: (r: ReservationView & { status: string }) =>
    `¿Querés que cancele tu reserva *${r.code}*? 🏡 ${r.placeName}, ${range(r.checkIn, r.checkOut)}, ${guestsText(r.guests)}.` +
    (r.status === 'confirmed' ? ' Ojo, ya está confirmada con la seña paga.' : '') +
    '\nRespondé *sí* para cancelarla o *no* para dejarla como está.',
  overlapsOwn: (r: ReservationView & { status: string }) =>
    `Ya tenés la reserva *${r.code}* en ${r.placeName}, ${range(r.checkIn, r.checkOut)} ` +
    (r.status === 'confirmed' ? '✅' : '⏳') +
    `\nSi querés otras fechas, primero cancelala (escribime "cancelar ${r.code}") y después te reservo las nuevas.`,
  partyChanged: (r: ReservationView) =>
    `Listo, anoté ${guestsText(r.guests)} en tu reserva *${r.code}* ✅\n` +
    `🏡 ${r.placeName}, ${range(r.checkIn, r.checkOut)}. El precio es por noche, así que no cambia: ` +
    `total ${money(r.totalPrice)}, seña ${money(r.depositAmount)}.`,
  partyUnchanged: (r: ReservationView) =>
    `Sí, tu reserva *${r.code}* ya es para ${guestsText(r.guests)} 😊 🏡 ${r.placeName}, ${range(r.checkIn, r.checkOut)}.`,
  /** Followed by what else is free for the new head count. */
  partyTooBig: (r: ReservationView, capacity: number) =>
    `*${r.placeName}* es para ${guestsText(capacity)} como máximo 🙏 Tu reserva *${r.code}* sigue para ${guestsText(r.guests)}.`,
  keptReservation: (code: string) => `¡Perfecto! Tu reserva *${code}* sigue en pie 😊`,
  cancelled: (code: string) =>
    `Listo, cancelé tu reserva *${code}*. ¡Ojalá nos veamos en otra oportunidad! 😊`,
  cannotCancel: (code: string) =>
    `La reserva *${code}* ya no se puede cancelar por acá. Si necesitás ayuda, escribinos y lo vemos juntos 🙏`,
  /** Also the answer to "ya pagué": the payment may not have been notified yet. */
  paymentLink: (code: string, deposit: string, link: string) =>
    `Para confirmar tu reserva *${code}*, pagá la seña de ${money(deposit)} acá: ${link}\n` +
    'Si ya la pagaste, ¡gracias! 🙌 Apenas se acredite te confirmo la reserva por acá.',
  paymentLinkRefused: (code: string) =>
    `No pude generar el link para pagar la seña de tu reserva *${code}* 🙏 Te vamos a escribir por acá para coordinar el pago.`,
  paymentLinkLater: (code: string) =>
    `Estoy preparando el link para pagar la seña de tu reserva *${code}* 🙏 Te lo mando por acá en unos minutos.`,
  alreadyPaid: (code: string) => `Tu reserva *${code}* ya está confirmada y paga ✅ ¡Te esperamos!`,
  paymentNotPossible: (code: string) =>
    `La reserva *${code}* ya no está activa, así que no hay nada para pagar. Si querés, buscamos fechas de nuevo 😊`,

  /** Transcription is off, down or failed: the guest's words matter more than the format. */
  voiceNote: () =>
    'Perdón, justo ahora no puedo escuchar audios 🙈 ¿Me escribís qué necesitás? Así te respondo enseguida.',
  voiceNoteTooLong: () =>
    '¡Uy, ese audio es muy largo para mí! 🙈 ¿Me contás en un mensaje escrito qué necesitás? Así te respondo enseguida.',
  voiceNoteUnclear: () => 'No llegué a entender el audio 🙈 ¿Me lo escribís, porfa?',
  nonText: () =>
    '¡Gracias! 😊 Por ahora solo entiendo mensajes escritos. ¿Me contás por escrito qué necesitás?',
};

/** Words a guest must never see; the tests check every reply against it. */
export const FORBIDDEN_WORDS = [
  'error',
  'exception',
  'database',
  'integrityerror',
  'null',
  'undefined',
  'nan',
  'stack',
  'sql',
] as const;
