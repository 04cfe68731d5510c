import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

/** What the guest last mentioned: dates, party size, place. */
export interface Remembered {
  checkIn: string | null;
  checkOut: string | null;
  guests: number | null;
  accommodation: string | null;
}

/**
 * The bot's own last question, which the guest's next message may answer bare ("2", "la del lago",
 * "la primera", "sí"): the dates, the party size, or which of the `options` offered (place slugs, in
 * the order shown), with `booking` when the guest had asked to book, so the answer goes on with the
 * booking rather than only showing what is free; whether to cancel the reservation `code`; or the new
 * dates for the hold `code`.
 */
export type Awaiting =
  | { question: 'dates' | 'guests'; booking: boolean }
  | { question: 'place'; booking: boolean; options: string[] }
  | { question: 'cancel'; code: string }
  | { question: 'reschedule'; code: string };

export interface ConversationState {
  known: Remembered;
  awaiting: Awaiting | null;
}

/** Older than this, a follow-up like "reservala" no longer refers to what was said before. */
export const MEMORY_TTL_MINUTES = 30;

export const EMPTY_MEMORY: Remembered = { checkIn: null, checkOut: null, guests: null, accommodation: null };

/**
 * The `conversations` table, one row per guest. Plain SQL on the handler's transactional manager, so
 * the memory commits together with the replies it explains.
 */
@Injectable()
export class ConversationMemory {
  async recall(em: EntityManager, phone: string, now: Date = new Date()): Promise<ConversationState> {
    const rows = await em.execute<
      {
        check_in: string | null;
        check_out: string | null;
        guests: number | null;
        accommodation_slug: string | null;
        awaiting: unknown;
      }[]
    >(
      `select to_char(check_in, 'YYYY-MM-DD') as check_in, to_char(check_out, 'YYYY-MM-DD') as check_out,
              guests, accommodation_slug, awaiting
         from conversations
        where phone = ? and updated_at > ?`,
      [phone, new Date(now.getTime() - MEMORY_TTL_MINUTES * 60_000)],
    );
    const row = rows[0];
    if (!row) return { known: { ...EMPTY_MEMORY }, awaiting: null };
    return {
      known: {
        checkIn: row.check_in,
        checkOut: row.check_out,
        guests: row.guests === null ? null : Number(row.guests),
        accommodation: row.accommodation_slug,
      },
      awaiting: readAwaiting(row.awaiting),
    };
  }

  async remember(
    em: EntityManager,
    phone: string,
    { known, awaiting }: ConversationState,
    now: Date = new Date(),
  ): Promise<void> {
    await em.execute(
      `insert into conversations (phone, check_in, check_out, guests, accommodation_slug, awaiting, updated_at)
       values (?, ?, ?, ?, ?, ?::jsonb, ?)
       on conflict (phone) do update set check_in = excluded.check_in, check_out = excluded.check_out,
         guests = excluded.guests, accommodation_slug = excluded.accommodation_slug,
         awaiting = excluded.awaiting, updated_at = excluded.updated_at`,
      [
        phone,
        known.checkIn,
        known.checkOut,
        known.guests,
        known.accommodation,
        awaiting ? JSON.stringify(awaiting) : null,
        now,
      ],
    );
  }
}

/** A row written by an older or newer version may hold another shape: then nothing is awaited. */
function readAwaiting(value: unknown): Awaiting | null {
  const stored = (typeof value === 'string' ? JSON.parse(value) : value) as Partial<
    Record<string, unknown>
  > | null;
  switch (stored?.question) {
    case 'dates':
    case 'guests':
      return { question: stored.question, booking: stored.booking === true };
    case 'place':
      return Array.isArray(stored.options) && stored.options.every((o) => typeof o === 'string')
        ? { question: 'place', booking: stored.booking === true, options: stored.options as string[] }
        : null;
    case 'cancel':
    case 'reschedule':
      return typeof stored.code === 'string' ? { question: stored.question, code: stored.code } : null;
    default:
      return null;
  }
}

/** Fields the guest just said win; the rest come from memory. Dates travel as a pair. */
export function mergeMemory(parsed: Remembered, memory: Remembered): Remembered {
  const hasDates = parsed.checkIn !== null && parsed.checkOut !== null;
  return {
    checkIn: hasDates ? parsed.checkIn : memory.checkIn,
    checkOut: hasDates ? parsed.checkOut : memory.checkOut,
    guests: parsed.guests ?? memory.guests,
    accommodation: parsed.accommodation ?? memory.accommodation,
  };
}
