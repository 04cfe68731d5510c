import type { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { DepositLinks } from '../payments/deposit-links.js';
import { AvailabilityService, type DateSuggestion } from '../reservations/availability.service.js';
import type { ReservationRecord } from '../reservations/domain/reservation-record.js';
import { ReservationError } from '../reservations/reservation.errors.js';
import { ReservationsService } from '../reservations/reservations.service.js';
import { bookingFailureText } from './booking-failure-text.js';
import type { Awaiting, Remembered } from './conversation-memory.js';
import { texts } from './guest-texts.js';
import type { ParsedMessage } from './parser/parser.types.js';
import { coverPhoto, type Place } from './place-catalog.js';
import type { Reply } from './reply.js';
import { reservationView } from './reservation-view.js';

type CompleteStay = Remembered & { checkIn: string; checkOut: string; guests: number };

function isComplete(known: Remembered): known is CompleteStay {
  return Boolean(known.checkIn && known.checkOut && known.guests);
}

/**
 * A stay the guest asks about or wants: what is free for those dates and that party, and the hold
 * with its deposit link. Whatever the stay still lacks (dates, head count, place) is asked for.
 */
@Injectable()
export class StayRequests {
  constructor(
    private readonly availability: AvailabilityService,
    private readonly reservations: ReservationsService,
    private readonly depositLinks: DepositLinks,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Asks for what the stay still lacks, keeping what the guest already said. */
  private async askForMissing(
    known: Remembered,
    places: Place[],
    reply: Reply,
    booking: boolean,
  ): Promise<Awaiting> {
    const placeName = places.find((p) => p.slug === known.accommodation)?.name ?? null;
    if (!known.checkIn || !known.checkOut) {
      await reply.text(texts.askDates({ guests: known.guests, placeName }));
      return { question: 'dates', booking };
    }
    await reply.text(texts.askGuests(known.checkIn, known.checkOut));
    return { question: 'guests', booking };
  }

  async answerAvailability(
    phone: string,
    known: Remembered,
    parsed: ParsedMessage,
    places: Place[],
    em: EntityManager,
    reply: Reply,
  ): Promise<Awaiting | null> {
    if (!isComplete(known)) return this.askForMissing(known, places, reply, false);
    const result = await this.availability.search(
      {
        checkIn: known.checkIn,
        checkOut: known.checkOut,
        guests: known.guests,
        // Only a place named in this very message narrows the search; remembered ones do not.
        ...(parsed.accommodation ? { accommodationSlug: parsed.accommodation } : {}),
      },
      em,
    );
    if (result.available.length === 0) {
      const largest = Math.max(...places.map((p) => p.capacity));
      // Nothing is free because nothing is that big: other dates would not help.
      if (known.guests > largest && !parsed.accommodation) await reply.text(texts.tooManyGuests(largest));
      else {
        // What takes those dates may be the guest's own booking: "nothing free" would puzzle them.
        const own = await this.ownOverlapping(phone, known, parsed.accommodation, em);
        await reply.text(
          own
            ? texts.overlapsOwn({ ...reservationView(own), status: own.status })
            : texts.noAvailability(result.suggestions),
        );
      }
      return null;
    }
    // The place the guest asked about is free: show it before the price.
    const asked = parsed.accommodation ? places.find((p) => p.slug === parsed.accommodation) : undefined;
    const photo = asked ? coverPhoto(asked.photos) : null;
    if (asked && photo) await reply.image(photo.url, texts.photoCaption(asked.name));
    await reply.text(texts.available(known.checkIn, known.checkOut, known.guests, result.available));
    return { question: 'place', booking: false, options: result.available.map((o) => o.accommodation) };
  }

  async reserve(
    phone: string,
    known: Remembered,
    places: Place[],
    em: EntityManager,
    reply: Reply,
  ): Promise<Awaiting | null> {
    if (!isComplete(known)) return this.askForMissing(known, places, reply, true);
    let slug = known.accommodation;
    if (!slug) {
      const { available, suggestions } = await this.availability.search(
        { checkIn: known.checkIn, checkOut: known.checkOut, guests: known.guests },
        em,
      );
      if (available.length === 0) {
        await reply.text(texts.noAvailability(suggestions));
        return null;
      }
      if (available.length > 1) {
        await reply.text(texts.askPlace(available.map((o) => o.name)));
        return { question: 'place', booking: true, options: available.map((o) => o.accommodation) };
      }
      slug = available[0].accommodation;
    }
    let reservation: ReservationRecord;
    try {
      reservation = await this.reservations.hold(
        {
          accommodationSlug: slug,
          checkIn: known.checkIn,
          checkOut: known.checkOut,
          guestsCount: known.guests,
          guestPhone: phone,
          source: 'whatsapp',
        },
        em,
      );
    } catch (error) {
      if (
        error instanceof ReservationError &&
        (error.code === 'date_overlap' || error.code === 'no_availability')
      ) {
        const own = await this.ownOverlapping(phone, known, slug, em);
        if (own) {
          // What is in the way is the guest's own booking: offering other places would miss the point.
          await reply.text(texts.overlapsOwn({ ...reservationView(own), status: own.status }));
          return null;
        }
        const placeName = places.find((p) => p.slug === slug)?.name ?? null;
        await reply.text(bookingFailureText(error, await this.suggestionsFor(known, slug, em), placeName));
        return null;
      }
      throw error;
    }
    const link = await this.depositLinks.linkFor(reservation, em);
    await reply.text(
      texts.reservationCreated(reservationView(reservation), link, this.config.booking.holdMinutes),
    );
    return null;
  }

  /** The guest's own active reservation overlapping the stay (at `slug`, when given), if any. */
  private async ownOverlapping(
    phone: string,
    stay: { checkIn: string; checkOut: string },
    slug: string | null,
    em: EntityManager,
  ): Promise<ReservationRecord | undefined> {
    return (await this.reservations.findActiveForPhone(phone, em)).find(
      (r) =>
        (!slug || r.accommodation.slug === slug) && r.checkIn < stay.checkOut && stay.checkIn < r.checkOut,
    );
  }

  /** Nearby free dates for a place that turned out taken; other places free on the same dates come first. */
  private async suggestionsFor(
    known: Remembered,
    slug: string,
    em: EntityManager,
  ): Promise<DateSuggestion[]> {
    const { available, suggestions } = await this.availability.search(
      { checkIn: known.checkIn!, checkOut: known.checkOut!, guests: known.guests! },
      em,
    );
    const sameDates = available
      .filter((o) => o.accommodation !== slug)
      .map((o) => ({
        checkIn: known.checkIn!,
        checkOut: known.checkOut!,
        accommodation: o.accommodation,
        name: o.name,
      }));
    if (sameDates.length > 0) return sameDates;
    if (suggestions.length > 0) return suggestions;
    return (
      await this.availability.search(
        {
          checkIn: known.checkIn!,
          checkOut: known.checkOut!,
          guests: known.guests!,
          accommodationSlug: slug,
        },
        em,
      )
    ).suggestions;
  }
}
