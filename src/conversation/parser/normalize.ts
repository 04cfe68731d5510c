// Guests type on phones: accents, case, emojis and stretched letters ("holaaa") vary freely, so every
// rule downstream works on one folded form instead of accounting for those variations itself.

const COMBINING_MARKS = /[\u0300-\u036f]/g;
// Kept: what dates, money, codes and phone numbers are written with. Everything else is noise.
const NOT_KEPT = /[^a-z0-9\s$/.,:;!?()+\-#%°º'"&@_*]/g;
const SPACES = /\s+/g;
// No Spanish word has a letter three times in a row, but "holaaa"/"graciasss" are everywhere.
const STRETCHED = /([a-z])\1{2,}/g;
// Nor does a word end in a doubled vowel or s, but "buen diaa", "graciass", "chauu" are common.
const STRETCHED_END = /([aeious])\1+(?![a-z])/g;

// Some emojis carry the whole message ("🙏", "👍"); turn them into words before emojis are dropped.
const EMOJI_WORDS: ReadonlyArray<readonly [RegExp, string]> = [
  [/[\u{1F64F}\u{1F64C}]/gu, ' gracias '],
  [/[\u{1F44D}\u{1F44C}]/gu, ' ok '],
  [/\u{1F44B}/gu, ' hola '],
];

/** Lower case, no accents (ñ → n), emojis dropped, whitespace collapsed. Letter runs are kept. */
export function foldText(raw: string): string {
  let text = raw;
  for (const [re, word] of EMOJI_WORDS) text = text.replace(re, word);
  return text
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .toLowerCase()
    .replace(NOT_KEPT, ' ')
    .replace(SPACES, ' ')
    .trim();
}

/** "holaaa" → "hola". Applied after code extraction, because a code may repeat a character. */
export function collapseStretchedLetters(folded: string): string {
  return folded.replace(STRETCHED, '$1').replace(STRETCHED_END, '$1');
}

// Shorthand of WhatsApp Spanish, spelled out so the cue phrases only need the full words: "q" for
// "que", "x" for "por" ("x noche", "x 3 noches"), "p/" for "para", "flia" for "familia".
const SHORTHAND: ReadonlyArray<readonly [RegExp, string]> = [
  [/(?<![a-z0-9])q(?![a-z0-9])/g, 'que'],
  [/(?<![a-z0-9])(?:xq|pq|porq)(?![a-z0-9])/g, 'porque'],
  // "2x1" stays as it is: only an "x" standing alone means "por"
  [/(?<![a-z0-9])x(?![a-z0-9])/g, 'por'],
  [/(?<![a-z0-9])p\/(?=\s|\d|$)/g, 'para '],
  [/(?<![a-z0-9])c\/u(?![a-z0-9])/g, 'cada uno'],
  [/(?<![a-z0-9])c\/(?=\s|[a-z])/g, 'con '],
  [/(?<![a-z0-9])(?:dsp|dps|desp)(?![a-z0-9])/g, 'despues'],
  [/(?<![a-z0-9])flia(?![a-z0-9])/g, 'familia'],
  [/(?<![a-z0-9])(?:pers|psnas|prsnas)(?![a-z0-9])/g, 'personas'],
  // b and v sound the same: "reserbar", "reserbame" are the verb every booking cue looks for
  [/(?<![a-z0-9])reserb(?=[a-z])/g, 'reserv'],
];

/** Spells out common shorthand. Applied after code extraction: a code may contain a lone "q" or "x". */
export function expandShorthand(folded: string): string {
  let text = folded;
  for (const [re, full] of SHORTHAND) text = text.replace(re, full);
  return text.replace(SPACES, ' ');
}
