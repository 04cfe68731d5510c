// Picking one of the options the bot just listed: "la primera", "el segundo", "la última", "opción 2".
// Only a message that is that pick and little else counts; "el primer día llegamos tarde" does not.

import { collapseStretchedLetters, foldText } from './normalize.js';

const ORDINALS: Record<string, number> = {
  primer: 0,
  primero: 0,
  primera: 0,
  '1': 0,
  segundo: 1,
  segunda: 1,
  '2': 1,
  tercer: 2,
  tercero: 2,
  tercera: 2,
  '3': 2,
  cuarto: 3,
  cuarta: 3,
  '4': 3,
};
const LAST = /^(?:ultim[oa])$/;

const PICK =
  /^(?:(?:me quedo con|quiero|prefiero|reservame|reserva|dame|va|mejor)\s+)?(?:(?:la|el)\s+)?(?:opcion\s+|numero\s+|nro\.?\s*)?(primer[oa]?|segund[oa]|tercer[oa]?|cuart[oa]|ultim[oa]|[1-4])(?:\s+(?:opcion|porfa|por favor|gracias))*$/;

const plainWords = (text: string) =>
  collapseStretchedLetters(foldText(text))
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/** The index picked among `count` listed options, or null. */
export function readChoice(text: string, count: number): number | null {
  const plain = plainWords(text);
  const word = PICK.exec(plain)?.[1];
  if (word === undefined) return null;
  const index = LAST.test(word) ? count - 1 : ORDINALS[word];
  return index !== undefined && index >= 0 && index < count ? index : null;
}

/** Picking by a quality of the listed places instead of by position: "la más barata", "la más grande". */
export type Preference = 'cheapest' | 'priciest' | 'largest' | 'smallest';

const PREFERENCES: ReadonlyArray<[Preference, RegExp]> = [
  ['cheapest', /^(?:mas (?:barat|economic|accesible)|menos (?:car|costos))/],
  ['priciest', /^(?:mas (?:car|lujos)|menos (?:barat|economic))/],
  ['largest', /^(?:mas (?:grande|ampli|espacios|lugar|espacio|capacidad)|menos (?:chic|pequen))/],
  ['smallest', /^(?:mas (?:chic|chiquit|pequen)|menos (?:grande|ampli))/],
];
const BY_QUALITY =
  /^(?:(?:me quedo con|quiero|prefiero|reservame|reserva|dame|va|mejor|entonces)\s+)*(?:(?:la|el|lo)\s+)?(?:que sea\s+)?((?:mas|menos)\s+\w+)(?:\s+(?:porfa|por favor|gracias|entonces))*$/;

/** Which quality a short pick like "la más barata" asks for, or null. */
export function readPreference(text: string): Preference | null {
  const phrase = BY_QUALITY.exec(plainWords(text))?.[1];
  if (phrase === undefined) return null;
  return PREFERENCES.find(([, re]) => re.test(phrase))?.[0] ?? null;
}

/** A quality asked about anywhere in a question: "¿cuál es la más grande?", "¿y la más barata cuál es?". */
export function askedPreference(text: string): Preference | null {
  const phrase = /\b(?:la|el|lo) ((?:mas|menos) \w+)/.exec(plainWords(text))?.[1];
  if (phrase === undefined) return null;
  return PREFERENCES.find(([, re]) => re.test(phrase))?.[0] ?? null;
}
