import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { maskPhone } from '../common/logging/redaction.js';
import type { InboundWhatsAppMessage } from '../messaging/whatsapp/inbound-message.js';
import { ReservationError } from '../reservations/reservation.errors.js';
import { ReservationsService } from '../reservations/reservations.service.js';
import {
  ConversationHandler,
  type ConversationContext,
  type PreparedMessage,
} from './conversation-handler.js';
import { ConversationMemory, mergeMemory, type Awaiting, type Remembered } from './conversation-memory.js';
import { texts } from './guest-texts.js';
import { bookingFailureText } from './booking-failure-text.js';
import { ReservationQuestions } from './reservation-questions.js';
import { StayRequests } from './stay-requests.js';
import { parse } from './parser/parse.js';
import { askedPreference, readChoice, readPreference, type Preference } from './parser/choice.js';
import { asksToChangeDates } from './parser/date-change.js';
import { readYesNo } from './parser/yes-no.js';
import type { Intent, ParsedMessage } from './parser/parser.types.js';
import { answerAboutPlace, priced } from './place-answers.js';
import { PlaceCatalog, type Place } from './place-catalog.js';
import { Reply } from './reply.js';
import { isVoiceNoteResult, VoiceNotes, type VoiceNoteResult } from './voice-notes.js';

const BUSINESS_TIMEZONE = 'America/Argentina/Buenos_Aires';
/** Beyond this the guest is not asking about a stay; parsing all of it only costs time. */
const MAX_TEXT_CHARS = 1_000;
const GREETS = /^\s*[¡!]*\s*(hola|buen[oa]s)/i;

/** The option (index into `options`) with the quality asked for; null when none was asked. */
function preferred(preference: Preference | null, options: string[], places: Place[]): number | null {
  if (!preference) return null;
  const score = (p: Place) =>
    ({
      cheapest: -Number(p.nightlyPrice),
      priciest: Number(p.nightlyPrice),
      largest: p.capacity,
      smallest: -p.capacity,
    })[preference];
  let best: number | null = null;
  let bestScore = -Infinity;
  for (const [index, slug] of options.entries()) {
    const place = places.find((p) => p.slug === slug);
    if (place && score(place) > bestScore) [best, bestScore] = [index, score(place)];
  }
  return best;
}

/** The opening sentence of a description, for a one-line summary. */
function firstSentence(description: string): string {
  const end = description.search(/[.!?](?:\s|$)/);
  return (end < 0 ? description : description.slice(0, end + 1)).trim();
}

/**
 * A head count alone ("somos 6", "al final vamos 3"), with no dates of its own, while the bot was not
 * asking for one: about the stay just talked about, which may be the guest's own reservation.
 */
function isPartySizeAlone(parsed: ParsedMessage, intent: Intent, pending: Awaiting | null): boolean {
  return (
    parsed.guests !== null &&
    parsed.checkIn === null &&
    pending?.question !== 'guests' &&
    (intent === 'availability' || intent === 'reserve')
  );
}

/** The WhatsApp booking assistant: parses what the guest wrote and answers from the booking services. */
@Injectable()
export class BookingConversationHandler extends ConversationHandler {
  private readonly logger = new Logger(BookingConversationHandler.name);

  constructor(
    private readonly reservations: ReservationsService,
    private readonly memory: ConversationMemory,
    private readonly catalog: PlaceCatalog,
    private readonly voiceNotes: VoiceNotes,
    private readonly stays: StayRequests,
    private readonly reservationQuestions: ReservationQuestions,
  ) {
    super();
  }

  get preparationBudgetMs(): number {
    return this.voiceNotes.budgetMs;
  }

  /** Voice notes and audio files alike: both are the guest speaking. */
  needsPreparation(type: string): boolean {
    return type === 'audio';
  }

  async prepare(message: InboundWhatsAppMessage, signal: AbortSignal): Promise<PreparedMessage> {
    if (message.type !== 'audio') throw new Error(`nothing to prepare for a ${message.type} message`);
    return this.voiceNotes.resolve(message, signal);
  }

  async handle(message: InboundWhatsAppMessage, context: ConversationContext): Promise<void> {
    // Removing a reaction or a system notice is not the guest talking to us.
    if (message.type === 'reaction' || message.type === 'system') return;
    const reply = new Reply(message, context);
    const text = message.type === 'audio' ? this.heard(context.prepared) : this.textOf(message);
    if (text === null) {
      await reply.text(message.type === 'audio' ? this.voiceNoteText(context.prepared) : texts.nonText());
      return;
    }
    await this.converse(message.from, text.slice(0, MAX_TEXT_CHARS), context.em, reply);
  }

  /** A transcribed voice note is what the guest said, and follows the text path from here on. */
  private heard(prepared: PreparedMessage | null | undefined): string | null {
    return isVoiceNoteResult(prepared) && prepared.outcome === 'transcribed' ? prepared.text : null;
  }

  private voiceNoteText(prepared: PreparedMessage | null | undefined): string {
    const result: VoiceNoteResult | null = isVoiceNoteResult(prepared) ? prepared : null;
    if (result?.outcome === 'too_large') return texts.voiceNoteTooLong();
    if (result?.outcome === 'failed' && result.reason === 'empty_transcript') return texts.voiceNoteUnclear();
    return texts.voiceNote();
  }

  private textOf(message: InboundWhatsAppMessage): string | null {
    switch (message.type) {
      case 'text':
        return message.text;
      case 'interactive':
        return message.reply.title;
      case 'button':
        return message.text || message.payload;
      case 'audio':
      case 'image':
      case 'video':
      case 'document':
      case 'sticker':
      case 'location':
      case 'contacts':
      case 'unsupported':
      case 'other':
      case 'reaction':
      case 'system':
        return null;
    }
  }

  private async converse(phone: string, text: string, em: EntityManager, reply: Reply): Promise<void> {
    const places = await this.catalog.active(em);
    const recalled = await this.memory.recall(em, phone);
    const pending = recalled.awaiting;
    if (pending?.question === 'cancel') {
      const answer = readYesNo(text);
      if (answer) {
        await this.reservationQuestions.answerCancellation(answer === 'yes', phone, pending.code, em, reply);
        await this.memory.remember(em, phone, { known: recalled.known, awaiting: null });
        return;
      }
    }
    let picked: string | null = null;
    if (pending?.question === 'place') {
      const { options } = pending;
      const index = readChoice(text, options.length) ?? preferred(readPreference(text), options, places);
      const answer = index === null ? readYesNo(text) : null;
      if (index !== null) picked = options[index]!;
      else if (answer === 'yes' && options.length === 1) picked = options[0]!;
      else if (answer) {
        const names = options.map((slug) => places.find((p) => p.slug === slug)?.name ?? slug);
        await reply.text(answer === 'yes' ? texts.askPlace(names) : texts.noProblem());
        await this.memory.remember(em, phone, {
          known: recalled.known,
          awaiting: answer === 'yes' ? pending : null,
        });
        return;
      }
    }
    const parsed = parse(text, {
      now: new Date(),
      // Relative dates ("este finde") are meant where the places are.
      timeZone: places[0]?.timezone ?? BUSINESS_TIMEZONE,
      accommodations: places.map((p) => ({ slug: p.slug, name: p.name, aliases: p.aliases })),
      ...(recalled.awaiting?.question === 'guests' ? { expecting: 'guests' as const } : {}),
    });
    const said: Remembered = {
      checkIn: parsed.checkIn,
      checkOut: parsed.checkOut,
      guests: parsed.guests,
      accommodation: parsed.accommodation,
    };
    const known = mergeMemory(said, recalled.known);
    if (picked) known.accommodation = picked;
    if (known.accommodation && !places.some((p) => p.slug === known.accommodation))
      known.accommodation = null;
    let intent = picked ? 'reserve' : answering(parsed, pending);
    reply.greetFirst = GREETS.test(text) && !['greeting', 'help', 'unknown'].includes(intent);
    const newDates =
      parsed.checkIn && parsed.checkOut ? { checkIn: parsed.checkIn, checkOut: parsed.checkOut } : null;
    const changeAsked = intent !== 'cancel' && asksToChangeDates(text);
    const hasBooking = changeAsked && (await this.reservations.findActiveForPhone(phone, em)).length > 0;
    // Without a booking, "me equivoqué de fecha, era del 16 al 19" corrects a question about dates.
    if (changeAsked && !hasBooking && newDates) intent = 'availability';
    const reschedule = hasBooking
      ? { code: parsed.code }
      : pending?.question === 'reschedule' && newDates
        ? { code: pending.code }
        : null;
    if (reschedule) {
      // "quiero cambiar las fechas" (with or without them), or the dates the bot asked for.
      const next = await this.guarded(phone, reply, () =>
        this.reservationQuestions.reschedule(phone, reschedule.code, newDates, em, reply),
      );
      await this.memory.remember(em, phone, { known, awaiting: next });
      return;
    }
    if (pending?.question === 'place' && intent === 'unknown') {
      // "¿cuál me conviene?" while choosing: how the offered places differ, and the question stands.
      const offered = pending.options.flatMap((slug) => places.filter((p) => p.slug === slug));
      await reply.text(
        texts.compareOptions(offered.map((p) => ({ ...p, summary: firstSentence(p.description) }))),
      );
      await this.memory.remember(em, phone, { known, awaiting: pending });
      return;
    }
    if (!picked && isPartySizeAlone(parsed, intent, pending)) {
      const change =
        (await this.guarded(phone, reply, () =>
          this.reservationQuestions.changePartySize(phone, known, parsed.guests!, em, reply),
        )) ?? 'changed'; // a failure was answered: nothing more to say
      if (change === 'changed') {
        await this.memory.remember(em, phone, { known, awaiting: null });
        return;
      }
      // Their place is too small for the new count: what else is free for them, those dates.
      if (change === 'too_big') intent = 'availability';
    }

    const awaiting = await this.guarded(phone, reply, () =>
      this.respond(intent, { phone, text, known, parsed, places }, em, reply),
    );
    await this.memory.remember(em, phone, { known, awaiting });
  }

  /**
   * Runs one answer; a booking rule it ran into (dates gone meanwhile, a hold lapsed) gets its friendly
   * text instead, and null. Service calls run in savepoints, so the transaction is still usable.
   */
  private async guarded<T>(phone: string, reply: Reply, answer: () => Promise<T>): Promise<T | null> {
    try {
      return await answer();
    } catch (error) {
      if (!(error instanceof ReservationError)) throw error;
      this.logger.warn({ code: error.code, guest_phone: maskPhone(phone) }, 'conversation_domain_failure');
      await reply.text(bookingFailureText(error, []));
      return null;
    }
  }

  /** "¿Cuál es la más grande?", "¿cuál es la más barata?": that place's photo and card. */
  private async answerSuperlative(text: string, places: Place[], reply: Reply): Promise<boolean> {
    const slugs = places.map((p) => p.slug);
    const index = preferred(askedPreference(text), slugs, places);
    if (index === null) return false;
    await answerAboutPlace('', places[index]!, places, reply);
    return true;
  }

  /** Answers one message; resolves to the question the answer leaves open, if any. */
  private async respond(
    intent: Intent,
    { phone, text, known, parsed, places }: Turn,
    em: EntityManager,
    reply: Reply,
  ): Promise<Awaiting | null> {
    const aboutPlaces = intent === 'price' || intent === 'accommodation_info';
    if (aboutPlaces && !parsed.checkIn && (await this.answerSuperlative(text, places, reply))) return null;
    switch (intent) {
      case 'greeting':
        await reply.text(texts.greeting());
        return null;
      case 'help':
        await reply.text(texts.help());
        return null;
      case 'thanks':
        await reply.text(texts.thanks());
        return null;
      case 'unknown':
        await reply.text(texts.unknown());
        return null;
      case 'availability':
        return this.stays.answerAvailability(phone, known, parsed, places, em, reply);
      case 'price':
        if (known.checkIn && known.checkOut)
          return this.stays.answerAvailability(phone, known, parsed, places, em, reply);
        await reply.text(texts.prices(priced(places, parsed.accommodation)));
        return null;
      case 'accommodation_info': {
        const place = places.find((p) => p.slug === known.accommodation) ?? null;
        const booked =
          place !== null &&
          (await this.reservations.findActiveForPhone(phone, em)).some(
            (r) => r.accommodation.slug === place.slug,
          );
        await answerAboutPlace(text, place, places, reply, booked);
        return null;
      }
      case 'reserve':
        return this.stays.reserve(phone, known, places, em, reply);
      case 'reservation_status':
      case 'cancel':
      case 'payment':
        return this.reservationQuestions.answer(intent, phone, parsed.code, em, reply);
    }
  }
}

/** One guest message with what the conversation knows around it. */
interface Turn {
  phone: string;
  text: string;
  known: Remembered;
  parsed: ParsedMessage;
  places: Place[];
}

/**
 * A message that only carries data ("somos 3", "la del lago") right after the bot asked a question
 * is the answer to it: it goes on with the booking the guest started, and a place named after the
 * list of free ones is the one to book. Anything the guest asks for in words is taken as asked.
 */
function answering(parsed: ParsedMessage, awaiting: Awaiting | null): Intent {
  if (!parsed.impliedByData || !awaiting || !('booking' in awaiting)) return parsed.intent;
  const answersData = parsed.intent === 'availability' || parsed.intent === 'accommodation_info';
  if (awaiting.booking && answersData) return 'reserve';
  if (awaiting.question === 'place' && parsed.intent === 'accommodation_info') return 'reserve';
  return parsed.intent;
}
