// Head count. Guests give it as a total ("somos 4", "para 6 personas"), as parts ("2 adultos y un
// nene", "una pareja con 2 chicos") or through who comes along ("voy con mi novia", "voy solo").
// Vague groups ("con mi familia", "con mis hijos") give no number rather than a guess.
// Runs on text whose dates, money, times and codes are already blotted out.

// Friends and relatives are whole members of the group; kids alone say nothing about who brings them.
const ADULT =
  'adult[oa]s?|mayores|grandes|amig[oa]s?|prim[oa]s?|herman[oa]s?|acompanantes?|companer[oa]s?|colegas?';
const KID =
  'chic[oa]s?|chiquit[oa]s|nen[ea]s?|nenit[oa]s|nin[oa]s?|menores|menor|hij[oa]s?|bebes?|bebitos?|peques?|pibes?|pibas?|' +
  'criaturas?|niet[oa]s?|sobrin[oa]s?|adolescentes?|infantes?';
const PAIR = 'parejas?|parejitas?|matrimonios?';
const TOTAL = 'personas?|pax|huespedes|huesped|pasajer[oa]s?|viajer[oa]s?|integrantes|personitas|almas';
const COMPANION =
  'novia|novio|pareja|senora|esposa|esposo|marido|mujer|companera|companero|amiga|amigo|hermana|hermano|mama|mami|' +
  'madre|vieja|viejo|papa|padre|hija|hijo|nena|nene|bebe|sobrina|sobrino|prima|primo|suegra|suegro|abuela|abuelo|' +
  'jermu|flaca|flaco|hijito|hijita|cunada|cunado|tia|tio|socio|socia|colega|chica|chico';

const QUANTITY = '(\\d{1,2}|un|una)';
const PARTS = new RegExp(`\\b${QUANTITY}\\s+(?:(${ADULT})|(${KID})|(${PAIR})|(${TOTAL}))\\b`, 'g');
// "para 2 familias" counts families, not people.
const COUNTED_NOUN = new RegExp(`^\\s*(?:${ADULT}|${KID}|${PAIR}|familias)\\b`);
// A number after these is the group size: "somos 4", "seriamos unos 10", "vamos los 3", "para 2?".
const TOTAL_AFTER_VERB =
  /\b(?:somos|seriamos|seremos|sumamos|vamos a ser|vendriamos|venimos|vamos|iriamos|viajamos|viajariamos|estariamos siendo|seria para|es para|para|en total|total|grupo de|familia de|entramos|cabemos|nosotros|nosotras|ambos)\s+(?:unos\s+|unas\s+|los\s+|las\s+|como\s+)?(\d{1,2})\b(?!\s*[/:\d])/g;
// Parts joined right after a total add to it: "somos 4 y un bebe" is five, "para 2 personas con un bebé" three.
const ADDED_PARTS = new RegExp(
  `^\\s*(?:(?:${TOTAL})\\b)?\\s*,?\\s*(?:y|\\+|mas|con|ademas de)\\s+${QUANTITY}\\s+(?:(${ADULT})|(${KID})|(${PAIR}))\\b`,
);
// Bare numbers chained with "+" after a total: "seríamos 2+2" is four, "para 2 + 1" three.
const ADDED_NUMBERS = /^(?:\s*\+\s*\d{1,2}\b(?!\s*[/:\d]))+/;

// "y su hijo", "con nuestra hija": one more person, without implying who is writing.
const OTHERS_COMPANIONS = new RegExp(`\\b(?:con|y)\\s+(?:su|nuestr[oa])\\s+(?:${COMPANION})\\b`, 'g');
// "con mi novia", "yo, mi marido y …", "mi señora y yo": the writer plus each named companion.
const COMPANIONS = new RegExp(
  `(?:\\b(?:con|y|yo)\\s*,?\\s+)(?:mi|la|el)\\s+(?:${COMPANION})\\b|\\b(?:mi|la)\\s+(?:${COMPANION})(?=\\s+y\\s+yo\\b)`,
  'g',
);
// "seríamos mi esposa, mis 3 hijos y yo", "vamos mi novia y yo": the list starts right after the verb.
const LISTED_AFTER_VERB = new RegExp(
  `\\b(?:somos|seriamos|seremos|vamos|viajamos|iriamos|vendriamos|venimos)\\s+(?:mi|la|el)\\s+(?:${COMPANION})\\b(?!\\s+y\\s+yo\\b)`,
  'g',
);
const PARENTS = /\b(?:con|y)\s+mis\s+(?:viejos|padres)\b/g;
const UNCOUNTED_GROUP =
  /\bfamilia\b|\bmis\s+(?:hijos|chicos|nenes|amigos|amigas|nietos|sobrinos|primos|hermanos|companeros)\b|\bunos amigos\b|\bel grupo\b/;
const ALONE =
  /\b(?:voy|viajo|iria|estaria|ire|sere|soy|vengo|vendria|viajaria|estoy|seria|llego)\s+(?:yo\s+)?sol[oa]\b|\bsol[oa] yo\b|\byo sol[oa]\b|\bpara mi sol[oa]\b|\bsolo para mi\b|\bsolamente yo\b|\byo nomas\b/;
const AS_A_COUPLE = /\b(?:somos|vamos|viajamos|iriamos|seriamos|estamos)\s+(?:en\s+)?pareja\b|\ben pareja\b/;

// Companions count as the group when the message talks about going somewhere ("vamos con mi
// señora") or is only the answer itself ("yo y mi novia"), not in passing ("lo hablo con mi marido").
const TRAVEL_TALK =
  /\b(?:vamos|voy|viajo|viajamos|iria|iriamos|ire|iremos|vendria|vendriamos|venimos|vengo|somos|seriamos|seremos|llegamos|llego|estariamos|para)\b/;

const MAX_GUESTS = 40;

function quantity(q: string): number {
  return q === 'un' || q === 'una' ? 1 : Number(q);
}

function partValue(m: RegExpMatchArray): number {
  return quantity(m[1]!) * (m[4] !== undefined ? 2 : 1);
}

// "para una persona" is a head count; "hablar con una persona" is not.
const ONE_PERSON_CUE = /\b(?:para|x|por|solo|somos|seria|seriamos|es)\s*$/;

interface Total {
  value: number;
  at: number;
  end: number;
}

interface Parts {
  sum: number;
  count: number;
  hasCouple: boolean;
  hasGrownUps: boolean;
}

/** The first stated group size, from "N personas" or "somos N". */
function statedTotal(text: string): Total | null {
  let total: Total | null = null;
  for (const m of text.matchAll(PARTS)) {
    if (m[5] === undefined) continue;
    const n = quantity(m[1]!);
    if (n === 1 && !ONE_PERSON_CUE.test(text.slice(Math.max(0, m.index - 12), m.index))) continue;
    total = { value: n, at: m.index, end: m.index + m[0].length };
    break;
  }
  for (const m of text.matchAll(TOTAL_AFTER_VERB)) {
    const end = m.index + m[0].length;
    if (COUNTED_NOUN.test(text.slice(end, end + 20))) continue; // "somos 2 adultos…" is a part
    if (!total || m.index < total.at) total = { value: Number(m[1]), at: m.index, end };
    break;
  }
  return total;
}

function countedParts(text: string): Parts {
  const parts: Parts = { sum: 0, count: 0, hasCouple: false, hasGrownUps: false };
  for (const m of text.matchAll(PARTS)) {
    if (m[5] !== undefined) continue;
    parts.sum += partValue(m);
    parts.count++;
    if (m[4] !== undefined) parts.hasCouple = true;
    if (m[2] !== undefined || m[4] !== undefined) parts.hasGrownUps = true;
  }
  return parts;
}

export interface GuestCount {
  count: number | null;
  /**
   * The count was stated with a number, "una pareja" or "voy solo"; counting companions ("lo hablo
   * con mi marido") may be incidental and does not by itself make a message about a stay.
   */
  stated: boolean;
}

const NONE: GuestCount = { count: null, stated: false };

export function extractGuests(text: string): GuestCount {
  const total = statedTotal(text);
  if (total) {
    const after = text.slice(total.end, total.end + 40);
    const added = ADDED_PARTS.exec(after);
    if (added) return counted(total.value + partValue(added), true);
    const numbers = ADDED_NUMBERS.exec(after)?.[0].match(/\d+/g) ?? [];
    return counted(total.value + numbers.reduce((sum, n) => sum + Number(n), 0), true);
  }

  const parts = countedParts(text);
  const mine =
    [...text.matchAll(COMPANIONS)].length +
    [...text.matchAll(LISTED_AFTER_VERB)].length +
    2 * [...text.matchAll(PARENTS)].length;
  const others = [...text.matchAll(OTHERS_COMPANIONS)].length;
  if (UNCOUNTED_GROUP.test(text)) return NONE;
  if (parts.count > 0 || mine > 0 || others > 0) {
    // "un nene de 5 años" on its own leaves the adults untold.
    if (!parts.hasGrownUps && mine === 0 && others === 0) return NONE;
    // The writer counts once: not again when already inside "una pareja".
    const writer = mine > 0 && !parts.hasCouple ? 1 : 0;
    const stated = parts.count > 0 || TRAVEL_TALK.test(text) || text.trim().split(/\s+/).length <= 4;
    return counted(parts.sum + writer + mine + others, stated);
  }
  if (ALONE.test(text)) return counted(1, true);
  if (AS_A_COUPLE.test(text)) return counted(2, true);
  return NONE;
}

function counted(n: number, stated: boolean): GuestCount {
  return n >= 1 && n <= MAX_GUESTS ? { count: n, stated } : NONE;
}
