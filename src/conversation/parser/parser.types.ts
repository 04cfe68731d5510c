export const INTENTS = [
  'greeting',
  'help',
  'availability',
  'reserve',
  'accommodation_info',
  'price',
  'reservation_status',
  'cancel',
  'payment',
  'thanks',
  'unknown',
] as const;

export type Intent = (typeof INTENTS)[number];

export interface AccommodationRef {
  slug: string;
  name: string;
  aliases: string[];
}

export interface ParseContext {
  now: Date;
  /** IANA zone of the business; "today" and every relative date are computed in it. */
  timeZone: string;
  accommodations: AccommodationRef[];
  /**
   * What the conversation just asked for. After "¿para cuántas personas?", a bare "2" or "dos" is the
   * head count; on its own it means nothing.
   */
  expecting?: 'guests';
}

export interface ParsedMessage {
  intent: Intent;
  /** ISO YYYY-MM-DD */
  checkIn: string | null;
  /** ISO YYYY-MM-DD, the departure day (the night before it is the last one). */
  checkOut: string | null;
  guests: number | null;
  /** Normalised as RES-XXXXXX. */
  code: string | null;
  /** Slug of the accommodation the guest named, when exactly one was named. */
  accommodation: string | null;
  /**
   * The intent was read off the data alone (dates, a head count, a place, a code), not asked for in
   * words: "somos 3" or "la del lago" rather than "¿tenés libre…?" or "fotos de la del lago". A
   * conversation uses it to take such a message as the answer to its own last question.
   */
  impliedByData: boolean;
}
