// Questions about one feature of a place ("¿tiene pileta?", "¿aceptan perros?"). A place is only
// described in free text, so the answer is what that text says: yes when it names the feature, and
// otherwise an honest "I don't know" rather than a guess.

import { foldText } from './parser/normalize.js';

export interface Amenity {
  /** How the guest names it in the answer: "pileta", "wifi". */
  label: string;
  /** Words that ask about it, on folded text (lower case, no accents). */
  asked: RegExp;
  /** Words in a description that mean the place has it; absent for what descriptions never settle. */
  offered?: RegExp;
}

const AMENITIES: Amenity[] = [
  {
    label: 'cuna para bebés',
    asked: /\b(?:cuna|practicuna|silla alta|silla de comer)\b/,
    offered: /\bcuna\b/,
  },
  { label: 'pileta', asked: /\b(?:pileta|piscina|pile)\b/, offered: /\b(?:pileta|piscina)\b/ },
  { label: 'wifi', asked: /\b(?:wi-?fi|internet|wi fi)\b/, offered: /\b(?:wi-?fi|internet)\b/ },
  {
    label: 'parrilla',
    asked: /\b(?:parrilla|asador|asado|quincho)\b/,
    offered: /\b(?:parrilla|asador|quincho)\b/,
  },
  {
    label: 'cochera',
    asked: /\b(?:cochera|estacionamiento|garage|garaje|estacionar|lugar para el auto)\b/,
    offered: /\b(?:cochera|estacionamiento|garage|garaje)\b/,
  },
  { label: 'aire acondicionado', asked: /\baire(?: acondicionado)?\b/, offered: /\baire acondicionado\b/ },
  {
    label: 'calefacción',
    asked: /\b(?:calefaccion|estufa|hogar|salamandra|calefactor)\b/,
    offered: /\b(?:calefaccion|estufa|hogar|salamandra|calefactor|losa radiante)\b/,
  },
  { label: 'cocina', asked: /\b(?:cocina|cocinar|heladera|anafe)\b/, offered: /\bcocina\b/ },
  { label: 'kayaks', asked: /\bkayaks?\b/, offered: /\bkayaks?\b/ },
  { label: 'mascotas', asked: /\b(?:mascotas?|perr[oa]s?|perrit[oa]s?|gat[oa]s?|pet friendly)\b/ },
  { label: 'ropa de cama y toallas', asked: /\b(?:sabanas|toallas|ropa de cama|blanco)\b/ },
  {
    label: 'horarios de entrada y salida',
    asked: /\b(?:check ?-?in|check ?-?out|hora de (?:entrada|salida|llegada)|a que hora)\b/,
  },
  { label: 'ubicación exacta', asked: /\b(?:ubicacion|direccion|donde queda|donde esta|como llego|mapa)\b/ },
];

/** The features a message asks about, in the order of the list above. */
export function amenitiesAsked(text: string): Amenity[] {
  const folded = foldText(text);
  return AMENITIES.filter((a) => a.asked.test(folded));
}

/**
 * True when the description says the place has it. False means only "not said": a description
 * that does not mention a feature settles nothing.
 */
export function describedIn(description: string, amenity: Amenity): boolean {
  return amenity.offered?.test(foldText(description)) ?? false;
}
