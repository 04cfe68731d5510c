// Voice-note transcripts and lazy typing spell numbers out ("del diez al quince", "somos seis");
// turning them into digits lets the date and guest rules deal with digits only.

const BASE: Record<string, number> = {
  uno: 1,
  dos: 2,
  tres: 3,
  cuatro: 4,
  cinco: 5,
  seis: 6,
  siete: 7,
  ocho: 8,
  nueve: 9,
  diez: 10,
  once: 11,
  doce: 12,
  trece: 13,
  catorce: 14,
  quince: 15,
  dieciseis: 16,
  diecisiete: 17,
  dieciocho: 18,
  diecinueve: 19,
  veinte: 20,
  veintiuno: 21,
  veintiun: 21,
  veintiuna: 21,
  veintidos: 22,
  veintitres: 23,
  veinticuatro: 24,
  veinticinco: 25,
  veintiseis: 26,
  veintisiete: 27,
  veintiocho: 28,
  veintinueve: 29,
  treinta: 30,
  cuarenta: 40,
  cincuenta: 50,
  sesenta: 60,
  setenta: 70,
  ochenta: 80,
  noventa: 90,
  cien: 100,
  // "el primero de enero"; as an adverb ("primero quería saber") it lacks the date cues the date
  // rules need, so the conversion is harmless there.
  primero: 1,
};

const TENS = new Set([20, 30, 40, 50, 60, 70, 80, 90]);

/**
 * Rioplatense spelling follows pronunciation: z/c(e,i) sound like s and v like b, so "dies", "onse",
 * "quinse", "nuebe" are common. Keys are compared in that phonetic form.
 */
function phonetic(word: string): string {
  return word
    .replace(/z/g, 's')
    .replace(/c([ei])/g, 's$1')
    .replace(/v/g, 'b');
}

const BY_SOUND = new Map<string, number>();
for (const [word, value] of Object.entries(BASE)) BY_SOUND.set(phonetic(word), value);
BY_SOUND.set('sies', 6);
BY_SOUND.set('beintiuno', 21);

export function numberWordValue(word: string): number | undefined {
  return BY_SOUND.get(phonetic(word));
}

// "treinta y uno", "diez y seis" and "veinti cinco" are written as separate words.
const JOINED_BY_Y = /\b([a-z]+) y ([a-z]+)\b/g;
const SPLIT_VEINTI = /\bveinti\s+([a-z]+)\b/g;
const WORD = /\b[a-z]+\b/g;
// "1ro", "1°", "2da": ordinal suffixes carry no information for dates or counts.
const ORDINAL_SUFFIX = /\b(\d{1,2})(?:ero|era|ro|ra|do|da|to|ta|vo|va|°|º)(?![a-z0-9])/g;

export function numberWordsToDigits(text: string): string {
  return text
    .replace(JOINED_BY_Y, (whole, first: string, second: string) => {
      const tens = numberWordValue(first);
      const unit = numberWordValue(second);
      if (tens === undefined || unit === undefined || unit >= 10) return whole;
      return TENS.has(tens) || tens === 10 ? String(tens + unit) : whole;
    })
    .replace(SPLIT_VEINTI, (whole, unitWord: string) => {
      const unit = numberWordValue(unitWord);
      return unit !== undefined && unit < 10 ? String(20 + unit) : whole;
    })
    .replace(WORD, (word) => {
      const value = numberWordValue(word);
      return value === undefined ? word : String(value);
    })
    .replace(ORDINAL_SUFFIX, '$1');
}
