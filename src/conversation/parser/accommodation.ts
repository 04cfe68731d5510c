// Which place the guest means. Names and aliases are matched word by word with typo tolerance;
// a single-word alias ("la casa") or a generic noun ("la cabaña") needs an article in front, so
// "mi casa" or "cabañas en general" do not pick a place. Naming two places means no choice was made.

import { foldText } from './normalize.js';
import { editDistance, isTypoOf } from './fuzzy.js';
import type { AccommodationRef } from './parser.types.js';

const STOPWORDS = new Set(['la', 'el', 'del', 'de', 'los', 'las', 'al', 'en', 'a', 'lo', 'y']);
// What may stand right before a one-word reference for it to point at a specific place.
const DETERMINERS = new Set(['la', 'el', 'del', 'al', 'esa', 'ese', 'esta', 'este', 'aquella', 'aquel']);
// Spellings of the same noun, so "el dpto" finds a place named "Depto …".
const CANONICAL: Record<string, string> = {
  departamento: 'depto',
  departamentito: 'depto',
  dpto: 'depto',
  dto: 'depto',
  depa: 'depto',
  deptito: 'depto',
  dept: 'depto',
  // not "apto": in Argentina it means suitable ("apto mascotas"), hardly ever an apartment
  apartamento: 'depto',
  cabanita: 'cabana',
  casita: 'casa',
  casona: 'casa',
};
// Nouns for a kind of lodging: "la cabaña" names a place only when exactly one place is a cabaña.
const LODGING_NOUNS = [
  'cabana',
  'casa',
  'depto',
  'domo',
  'loft',
  'chalet',
  'bungalow',
  'quinta',
  'duplex',
  'monoambiente',
  'suite',
  'habitacion',
  'hostel',
  'glamping',
  'cabin',
];

// Telegraphic messages drop the article ("disponibilidad 12/12 depto"), so a lodging noun alone names
// the only place of that kind too, unless something makes it unspecific ("un depto", "mi cabaña")...
const UNSPECIFIC = new Set([
  'un',
  'una',
  'otro',
  'otra',
  'mi',
  'tu',
  'su',
  'algun',
  'alguna',
  'cualquier',
  'ningun',
  'ninguna',
  'nuestro',
  'nuestra',
  'que',
  'cual',
  'tipo',
  'sin',
]);
// ...or the noun is also an everyday word: "llego a casa", "la quinta noche".
const NEEDS_ARTICLE = new Set(['casa', 'quinta', 'habitacion', 'suite']);

const WORD_RE = /[a-z0-9]+/g;

const LONG_VARIANTS = Object.keys(CANONICAL).filter((w) => w.length >= 8);

function canonical(word: string): string {
  const exact = CANONICAL[word];
  if (exact !== undefined) return exact;
  if (word.length >= 7) for (const v of LONG_VARIANTS) if (isTypoOf(word, v)) return CANONICAL[v]!;
  return word;
}

interface Key {
  slug: string;
  words: string[];
}

interface PlaceIndex {
  keys: Key[];
  /** lodging noun → slugs whose name or aliases contain it */
  nounOwners: Map<string, Set<string>>;
  /** name word found in one place only ("lago", "centro") → that place, for "la del centro" */
  distinctive: Map<string, string>;
}

// Parse is called once per message with the same list; the derived index is kept per list.
const indexCache = new WeakMap<readonly AccommodationRef[], PlaceIndex>();

function indexFor(places: readonly AccommodationRef[]): PlaceIndex {
  const cached = indexCache.get(places);
  if (cached) return cached;
  const keys: Key[] = [];
  const nounOwners = new Map<string, Set<string>>();
  for (const place of places) {
    for (const phrase of [place.name, ...place.aliases, place.slug.replace(/[-_]+/g, ' ')]) {
      const words = (foldText(phrase).match(WORD_RE) ?? []).map(canonical).filter((w) => !STOPWORDS.has(w));
      if (words.length === 0) continue;
      keys.push({ slug: place.slug, words });
      for (const w of words) {
        if (!LODGING_NOUNS.includes(w)) continue;
        let owners = nounOwners.get(w);
        if (!owners) nounOwners.set(w, (owners = new Set()));
        owners.add(place.slug);
      }
    }
  }
  const owners = new Map<string, Set<string>>();
  for (const key of keys) {
    for (const w of key.words) {
      if (LODGING_NOUNS.includes(w) || w.length < 4) continue;
      let set = owners.get(w);
      if (!set) owners.set(w, (set = new Set()));
      set.add(key.slug);
    }
  }
  const distinctive = new Map<string, string>();
  for (const [w, set] of owners) if (set.size === 1) distinctive.set(w, [...set][0]!);
  const index = { keys, nounOwners, distinctive };
  indexCache.set(places, index);
  return index;
}

function lodgingNounOf(word: string): string | undefined {
  for (const noun of LODGING_NOUNS) if (isTypoOf(word, noun)) return noun;
  return undefined;
}

/** "cabanas", "deptos": talking about places in general. */
function isPluralLodging(word: string): boolean {
  if (!word.endsWith('s')) return false;
  const stem = canonical(word.slice(0, -1));
  const stemEs = canonical(word.slice(0, -2));
  return lodgingNounOf(stem) !== undefined || (word.endsWith('es') && lodgingNounOf(stemEs) !== undefined);
}

export function findAccommodation(text: string, places: readonly AccommodationRef[]): string | null {
  if (places.length === 0) return null;
  const index = indexFor(places);
  const words = (text.match(WORD_RE) ?? []).map((w) => (isPluralLodging(w) ? '' : canonical(w)));
  const found = new Set<string>();

  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w === '' || STOPWORDS.has(w)) continue;
    const anchored = DETERMINERS.has(words[i - 1] ?? '');
    for (const key of index.keys) {
      if (!isTypoOf(w, key.words[0]!)) continue;
      if (key.words.length === 1 ? anchored : matchesRest(words, i, key.words)) found.add(key.slug);
    }
    // "la del centro", "el del lago": the place is named by what sets it apart.
    if (words[i - 1] === 'del' && ['la', 'el', 'lo'].includes(words[i - 2] ?? '')) {
      const slug = index.distinctive.get(w);
      if (slug !== undefined) found.add(slug);
    }
    const noun = lodgingNounOf(w);
    const named =
      anchored || (noun !== undefined && !NEEDS_ARTICLE.has(noun) && !UNSPECIFIC.has(words[i - 1] ?? ''));
    if (named) {
      const owners = noun === undefined ? undefined : index.nounOwners.get(noun);
      if (owners?.size === 1) found.add([...owners][0]!);
    }
    if (found.size > 1) return null;
  }
  return found.size === 1 ? [...found][0]! : null;
}

/** The key's later words follow, allowing short filler between them ("cabaña dle lago"). */
function matchesRest(words: readonly string[], first: number, keyWords: readonly string[]): boolean {
  let at = first;
  for (let k = 1; k < keyWords.length; k++) {
    let next = at + 1;
    let skipped = 0;
    while (next < words.length && skipped < 2 && (STOPWORDS.has(words[next]!) || words[next]!.length <= 3)) {
      if (looselyMatches(words[next]!, keyWords[k]!)) break;
      next++;
      skipped++;
    }
    if (next >= words.length || !looselyMatches(words[next]!, keyWords[k]!)) return false;
    at = next;
  }
  return true;
}

/**
 * Once a name has started matching ("cabaña del …"), a later word may carry one typo even when
 * short ("lagp"): the context already rules out the unrelated words that exact matching guards against.
 */
function looselyMatches(word: string, target: string): boolean {
  if (isTypoOf(word, target)) return true;
  return target.length >= 4 && word.length >= 3 && editDistance(word, target, 1) <= 1;
}
