// Dates are read from a token stream rather than with one regex per phrasing: the same pieces
// (a day, a month, a weekday, "del", "al") combine in too many orders for regexes to stay readable.

import { isTypoOf } from './fuzzy.js';

export type DateToken =
  | { kind: 'num'; value: number; raw: string; start: number; end: number }
  /** d/m or d/m/y written with separators; month is never read first. */
  | { kind: 'dm'; day: number; month: number; year: number | null; start: number; end: number }
  | { kind: 'month'; value: number; abbreviated: boolean; start: number; end: number }
  | { kind: 'weekday'; value: number; start: number; end: number }
  | { kind: 'word'; text: string; start: number; end: number }
  | { kind: 'mark'; text: string; start: number; end: number };

const MONTHS: Record<string, number> = {
  enero: 1,
  febrero: 2,
  marzo: 3,
  abril: 4,
  mayo: 5,
  junio: 6,
  julio: 7,
  agosto: 8,
  septiembre: 9,
  setiembre: 9,
  octubre: 10,
  noviembre: 11,
  diciembre: 12,
};
const LONG_MONTH_NAMES = Object.keys(MONTHS).filter((m) => m.length >= 7);

// Abbreviations double as ordinary words ("mar" is the sea, "set" a set), so they only count as a
// month right after a day number; the date grammar enforces that.
const MONTH_ABBREVIATIONS: Record<string, number> = {
  ene: 1,
  feb: 2,
  febr: 2,
  mar: 3,
  abr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  ago: 8,
  agos: 8,
  sep: 9,
  sept: 9,
  set: 9,
  oct: 10,
  nov: 11,
  dic: 12,
  dici: 12,
};

const WEEKDAYS: Record<string, number> = {
  domingo: 0,
  dom: 0,
  lunes: 1,
  martes: 2,
  miercoles: 3,
  mier: 3,
  jueves: 4,
  viernes: 5,
  vie: 5,
  sabado: 6,
  sab: 6,
  sabdo: 6,
};
const LONG_WEEKDAY_NAMES = ['domingo', 'miercoles', 'viernes', 'sabado'];
// Plurals ("los sabados") describe a habit, not a date; "salado" is one edit from "sabado".
const NOT_WEEKDAYS = new Set(['sabados', 'domingos', 'salado', 'sabana']);

function monthOf(word: string): number | undefined {
  const exact = MONTHS[word];
  if (exact !== undefined) return exact;
  // Only long names are matched loosely; short ones sit one edit away from other words
  // (mayo/mayor, junio/julio, abril/abrir).
  if (word.length < 6) return undefined;
  for (const name of LONG_MONTH_NAMES) if (isTypoOf(word, name)) return MONTHS[name];
  return undefined;
}

function weekdayOf(word: string): number | undefined {
  const exact = WEEKDAYS[word];
  if (exact !== undefined) return exact;
  if (word.length < 5 || NOT_WEEKDAYS.has(word)) return undefined;
  for (const name of LONG_WEEKDAY_NAMES) if (isTypoOf(word, name)) return WEEKDAYS[name];
  return undefined;
}

const TOKEN_RE =
  /(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?![\d/])|(\d{1,2})\/(\d{1,2})(?![\d/])|(\d+)|([a-z]+)|(\S)/g;

export function tokenizeForDates(text: string): DateToken[] {
  const tokens: DateToken[] = [];
  for (const m of text.matchAll(TOKEN_RE)) {
    const start = m.index;
    const end = start + m[0].length;
    if (m[1] !== undefined) {
      const year = m[3]!.length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
      tokens.push({ kind: 'dm', day: Number(m[1]), month: Number(m[2]), year, start, end });
    } else if (m[4] !== undefined) {
      tokens.push({ kind: 'dm', day: Number(m[4]), month: Number(m[5]), year: null, start, end });
    } else if (m[6] !== undefined) {
      tokens.push({ kind: 'num', value: Number(m[6]), raw: m[6], start, end });
    } else if (m[7] !== undefined) {
      const word = m[7];
      const month = monthOf(word);
      if (month !== undefined) {
        tokens.push({ kind: 'month', value: month, abbreviated: false, start, end });
        continue;
      }
      const abbreviated = MONTH_ABBREVIATIONS[word];
      if (abbreviated !== undefined) {
        tokens.push({ kind: 'month', value: abbreviated, abbreviated: true, start, end });
        continue;
      }
      const weekday = weekdayOf(word);
      if (weekday !== undefined) tokens.push({ kind: 'weekday', value: weekday, start, end });
      else tokens.push({ kind: 'word', text: word, start, end });
    } else {
      tokens.push({ kind: 'mark', text: m[8]!, start, end });
    }
  }
  return tokens;
}
