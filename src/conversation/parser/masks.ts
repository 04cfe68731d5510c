// Numbers that are money, phone numbers, clock times, ages or quantities of things look exactly like
// days and head counts ("$50.000", "a las 15hs", "un nene de 5 años", "2 habitaciones"). They are
// blotted out before the date and guest rules run, so those rules never have to guess.

/** Stands where something was masked; it breaks any date or guest pattern running across it. */
export const MASK = ' ~ ';

const MASKS: readonly RegExp[] = [
  // Phone numbers: 8+ digits with at most single spaces, dashes or brackets between them.
  /\+?\(?\d(?:[\s\-()]{0,2}\d){7,14}/g,
  // Money with a currency sign, before or after.
  /(?:\$|\bar\$|\bu\$s|\bus\$|\busd|\bars)\s?\d[\d.,]*(?:\s?(?:mil|k|lucas|palos|millon(?:es)?)\b)?/g,
  /\b\d[\d.,]*\s?(?:mil|k|lucas|luquitas|palos|millon(?:es)?|pesos|pe|mangos|usd|u\$s|us\$|ars|dolares|dolar|dls|euros?|reales)(?![a-z])/g,
  // Thousands separators only appear in money ("50.000", "120,000").
  /\b\d{1,3}(?:[.,]\d{3})+\b/g,
  // Clock times: "15:30", "15hs", "a las 15", "tipo 10 de la manana".
  /\b\d{1,2}[:.]\d{2}\s?(?:hs|hrs|h|horas|am|pm)?(?![\d/])/g,
  /\b\d{1,2}\s?(?:hs|hrs|h|horas|am|pm|horitas)\b/g,
  /\b(?:a|desde|hasta|tipo|antes de|despues de|a eso de|entre)\s+las?\s+\d{1,2}\b(?!\s*(?:de\s+)?(?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre)\b)/g,
  /\b\d{1,2}\s+de\s+la\s+(?:manana|tarde|noche|madrugada)\b/g,
  // Ages and other quantities that are not people and not nights.
  /\b\d{1,2}(?:\s*(?:y|,)\s*\d{1,2})*\s*(?:anos|anitos|mesecitos|meses)\b/g,
  /\b\d+\s?(?:km|kms|kilometros|metros|mts|mt|m2|cuadras?|minutos|mins?|segundos|camas?|habitacion(?:es)?|dormitorios?|cuartos?|piezas?|ambientes?|banos?|autos?|coches?|camionetas?|motos?|perros?|perritos?|gatos?|mascotas?|estrellas?|%|por ?ciento|puntos|kg|kilos|litros|gb|mb|megas)\b/g,
  // When the guest pays is not a stay: "si pago hoy", "te transfiero mañana la seña", "hoy te pago".
  /\b(?:hoy|manana|pasado manana|ahora|esta noche)\s+(?:te\s+|les\s+)?(?:pago|transfiero|deposito|abono|seno)\b/g,
  /\b(?:pago|pagar|pagaria|pagamos|transfiero|transferir|transferimos|deposito|depositar|abono|abonar|seno|senar)(?:\s+(?:la sena|el deposito|la plata|todo))?\s+(?:hoy|manana|pasado manana|ahora|esta noche|a la noche)\b/g,
  // Long numbers that are not years (order numbers, DNI, amounts without separators).
  /\b(?!20\d\d\b)\d{4,}\b/g,
];

export function maskNonDateNumbers(text: string): string {
  let out = text;
  for (const re of MASKS) out = out.replace(re, MASK);
  return out;
}
