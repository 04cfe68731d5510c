// Reservation codes come back typed every possible way ("res7k3qx9", "RES 7K3 QX9", "codigo
// 7k3qx9") or spelled out by a voice-note transcript ("erre e ese siete ka tres ..."). Everything
// that looks like a code is reported as a span, valid or not, so its digits never become a date.

import { numberWordValue } from './number-words.js';

const ALPHABET = new Set('23456789abcdefghjklmnpqrstuvwxyz');

export interface CodeResult {
  code: string | null;
  spans: Array<{ start: number; end: number }>;
}

const SEP = '[\\s\\-_.]';
const TYPED_CODE = new RegExp(
  `(?<![a-z0-9])res(${SEP}{0,3}|[:#]\\s?)` +
    `([a-z0-9]{6}|[a-z0-9]{3}${SEP}[a-z0-9]{3}|[a-z0-9]{2}${SEP}[a-z0-9]{2}${SEP}[a-z0-9]{2}|[a-z0-9](?:${SEP}[a-z0-9]){5})` +
    `(?![a-z0-9])`,
  'g',
);
// "RES-7K3QX", "res 7k3qx9z": a code mistyped. Never valid, but still a code (its digits are no date,
// and the guest is asking about a booking). A digit is required so "carne de res" stays a word.
const MISTYPED_CODE = /(?<![a-z0-9])res[\s\-_.:#]{1,3}(?=[a-z]*\d)([a-z0-9]{3,9})(?![a-z0-9])/g;
// Without the RES prefix only a code-shaped word right after "codigo"/"reserva" counts.
const LABELLED_CODE =
  /\b(?:codigo|cod|code|reserva|nro|numero|localizador)\.?\s*(?:de\s+reserva\s*)?(?:es\s+)?(?:la\s+|el\s+)?[:#]?\s*([a-z0-9]{6})(?![a-z0-9])/g;

const LETTER_NAMES: Record<string, string> = {
  a: 'a',
  be: 'b',
  ce: 'c',
  de: 'd',
  e: 'e',
  efe: 'f',
  ge: 'g',
  hache: 'h',
  i: 'i',
  jota: 'j',
  ka: 'k',
  ele: 'l',
  eme: 'm',
  ene: 'n',
  o: 'o',
  pe: 'p',
  cu: 'q',
  erre: 'r',
  ere: 'r',
  ese: 's',
  te: 't',
  u: 'u',
  ve: 'v',
  uve: 'v',
  equis: 'x',
  ye: 'y',
  zeta: 'z',
  ceta: 'z',
  seta: 'z',
  zeda: 'z',
  cero: '0',
};
const TWO_WORD_LETTERS: Record<string, string> = {
  'doble ve': 'w',
  'doble u': 'w',
  'doble v': 'w',
  'i griega': 'y',
  've corta': 'v',
  'be larga': 'b',
  'be alta': 'b',
  've baja': 'v',
  'i latina': 'i',
};
const SPELLED_FILLER = new Set(['guion', 'medio', '-']);

function isValid(chars: string): boolean {
  if (chars.length !== 6) return false;
  for (const c of chars) if (!ALPHABET.has(c)) return false;
  return true;
}

function formatted(chars: string): string {
  return `RES-${chars.toUpperCase()}`;
}

/**
 * @param folded lower-cased, accent-free text; spans refer to it.
 * @param raw the original message, consulted only to see whether a code was typed in capitals.
 */
export function extractCode(folded: string, raw: string): CodeResult {
  const spans: CodeResult['spans'] = [];
  let code: string | null = null;
  const accept = (chars: string, start: number, end: number): void => {
    spans.push({ start, end });
    if (code === null && isValid(chars)) code = formatted(chars);
  };

  for (const m of folded.matchAll(TYPED_CODE)) {
    const chars = m[2]!.replace(/[\s\-_.]/g, '');
    // "respuesta" is "res" + six valid letters. Glued and digit-free, it is only taken for a code
    // when typed in capitals inside a message that is not all capitals.
    const glued = m[1] === '' && !/\d/.test(chars);
    if (glued && (!raw.includes(`RES${chars.toUpperCase()}`) || raw === raw.toUpperCase())) continue;
    accept(chars, m.index, m.index + m[0].length);
  }
  for (const m of folded.matchAll(MISTYPED_CODE)) {
    if (spans.some((s) => m.index >= s.start && m.index < s.end)) continue;
    accept(m[1]!, m.index, m.index + m[0].length);
  }
  for (const m of folded.matchAll(LABELLED_CODE)) {
    const chars = m[1]!;
    if (!/\d/.test(chars) || !/[a-z]/.test(chars)) continue;
    const start = m.index + m[0].length - chars.length;
    if (spans.some((s) => start >= s.start && start < s.end)) continue;
    accept(chars, start, start + chars.length);
  }
  spelledCodes(folded, accept);
  return { code, spans };
}

interface Word {
  text: string;
  start: number;
  end: number;
}

const WORD_RE = /[a-z0-9]+|-/g;

function spelledCodes(folded: string, accept: (chars: string, start: number, end: number) => void): void {
  // Cheap gate: a spelled code needs "erre"/"ere" or a lone "r" somewhere.
  if (!/\b(?:erre|ere|r)\b/.test(folded)) return;
  const words: Word[] = [...folded.matchAll(WORD_RE)].map((m) => ({
    text: m[0],
    start: m.index,
    end: m.index + m[0].length,
  }));
  for (let i = 0; i < words.length; i++) {
    const w = (k: number): string | undefined => words[k]?.text;
    if (!['erre', 'ere', 'r'].includes(w(i)!) || w(i + 1) !== 'e' || !['ese', 's'].includes(w(i + 2) ?? ''))
      continue;
    let k = i + 3;
    let chars = '';
    while (chars.length < 6 && k < words.length) {
      const current = w(k)!;
      if (SPELLED_FILLER.has(current)) {
        k++;
        continue;
      }
      const pair = TWO_WORD_LETTERS[`${current} ${w(k + 1) ?? ''}`];
      if (pair !== undefined) {
        chars += pair;
        k += 2;
        continue;
      }
      const letter = LETTER_NAMES[current];
      const digit = numberWordValue(current);
      if (letter !== undefined) chars += letter;
      else if (digit !== undefined && digit < 10) chars += String(digit);
      else if (current.length === 1 || (/\d/.test(current) && current.length + chars.length <= 6)) {
        // a letter said as itself ("k"), or a chunk the transcript kept together ("7k3")
        chars += current;
      } else break;
      k++;
    }
    if (chars.length === 6) {
      accept(chars, words[i]!.start, words[k - 1]!.end);
      i = k - 1;
    }
  }
}
