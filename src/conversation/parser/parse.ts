// The parser: one guest message in, the fields the booking flow needs out. Pure and deterministic:
// the only inputs are the text and the context (clock, zone, places).

import { todayIn, utcOffsetMinutes } from './calendar.js';
import { findAccommodation } from './accommodation.js';
import { extractCode } from './code.js';
import { extractStayDates } from './dates.js';
import { withoutDeferrals } from './deferral.js';
import { extractGuests } from './guests.js';
import { classifyIntent } from './intent.js';
import { maskNonDateNumbers } from './masks.js';
import { collapseStretchedLetters, expandShorthand, foldText } from './normalize.js';
import { numberWordsToDigits } from './number-words.js';
import type { AccommodationRef, ParseContext, ParsedMessage } from './parser.types.js';

export type { AccommodationRef, ParseContext, ParsedMessage };

// WhatsApp allows 65k characters; nothing useful for a booking sits beyond the first few thousand,
// and the cap keeps the worst case bounded.
const MAX_INPUT_CHARS = 4000;
const MAX_BARE_GUESTS = 40;
// The whole message is one number, maybe with punctuation or a smile around it: "2", "dos!", "3 🙂".
const BARE_NUMBER = /^[^\p{L}\d]*(\d{1,2})[^\p{L}\d]*$/u;
const NO_DATA = { hasCode: false, hasStrongDates: false, hasGuests: false, hasAccommodation: false };

/** Overwrites spans with a mask character plus spaces, keeping every other offset in place. */
function blank(text: string, spans: ReadonlyArray<{ start: number; end: number }>): string {
  if (spans.length === 0) return text;
  let out = '';
  let at = 0;
  for (const { start, end } of [...spans].sort((a, b) => a.start - b.start)) {
    if (start < at) continue;
    out += text.slice(at, start) + '~'.padEnd(end - start, ' ');
    at = end;
  }
  return out + text.slice(at);
}

export function parse(text: string, ctx: ParseContext): ParsedMessage {
  const raw = text.length > MAX_INPUT_CHARS ? text.slice(0, MAX_INPUT_CHARS) : text;
  const folded = foldText(raw);
  const { code, spans: codeSpans } = extractCode(folded, raw);
  const plain = withoutDeferrals(expandShorthand(collapseStretchedLetters(blank(folded, codeSpans))));
  const masked = maskNonDateNumbers(numberWordsToDigits(plain));

  const stay = extractStayDates(masked, {
    today: todayIn(ctx.now, ctx.timeZone),
    now: ctx.now,
    utcOffset: utcOffsetMinutes(ctx.now, ctx.timeZone),
  });
  let guests = extractGuests(blank(masked, stay.spans));
  if (guests.count === null && ctx.expecting === 'guests') {
    const count = Number(BARE_NUMBER.exec(masked)?.[1] ?? 0);
    if (count >= 1 && count <= MAX_BARE_GUESTS) guests = { count, stated: true };
  }
  const accommodation = findAccommodation(plain, ctx.accommodations);
  const intent = classifyIntent(plain, {
    // an invalid code ("RES-7K3QX") still shows the guest is asking about a booking
    hasCode: code !== null || codeSpans.length > 0,
    hasStrongDates: stay.strength === 'strong',
    hasGuests: guests.stated,
    hasAccommodation: accommodation !== null,
  });
  // What the words alone ask for; when the data changed the answer, the data implied the intent.
  const worded = classifyIntent(plain, NO_DATA);
  // Off-topic chat ("a qué hora juega boca hoy?") mentions days and people that are not a stay.
  const offTopic = intent === 'unknown';
  return {
    intent,
    checkIn: offTopic ? null : stay.checkIn,
    checkOut: offTopic ? null : stay.checkOut,
    guests: offTopic ? null : guests.count,
    code,
    accommodation,
    impliedByData: intent !== worded,
  };
}
