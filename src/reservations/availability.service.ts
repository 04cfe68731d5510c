import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { ExternalBlocks } from '../calendar/external-blocks.reader.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { MAX_DAYS_AHEAD, validateGuests, validateStayDates } from './domain/hold-rules.js';
import { quote } from './domain/pricing.js';
import { addDays, rangesOverlap, todayIn } from './domain/stay-dates.js';
import { notFound } from './reservation.errors.js';
import { ReservationsRepository, type BookablePlace, type TakenRange } from './reservations.repository.js';

export interface AvailabilityQuery {
  checkIn: string;
  checkOut: string;
  guests: number;
  /** Only this place (the chat asking about "la del lago"). */
  accommodationSlug?: string;
}

export interface AvailableOffer {
  accommodation: string;
  name: string;
  capacity: number;
  nights: number;
  nightlyPrice: string;
  totalPrice: string;
  depositAmount: string;
  currency: string;
}

export interface DateSuggestion {
  checkIn: string;
  checkOut: string;
  accommodation: string;
  name: string;
}

export interface AvailabilityResult {
  available: AvailableOffer[];
  /** Only when nothing is free: the nearest same-length ranges before and after (within 30 days). */
  suggestions: DateSuggestion[];
}

/** How far from the asked dates a suggestion may move. */
export const SUGGESTION_WINDOW_DAYS = 30;
const DEFAULT_TIMEZONE = 'America/Argentina/Buenos_Aires';

/**
 * Read-only answer to "what is free?". Taken means an active reservation (confirmed, or a hold that
 * has not lapsed) or an imported calendar block. The hold itself does not trust this answer: the
 * exclusion constraint decides at insert time.
 */
@Injectable()
export class AvailabilityService {
  constructor(
    private readonly em: EntityManager,
    private readonly repository: ReservationsRepository,
    private readonly externalBlocks: ExternalBlocks,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async search(query: AvailabilityQuery, em?: EntityManager): Promise<AvailabilityResult> {
    const db = em ?? this.em.fork();
    let places: BookablePlace[];
    if (query.accommodationSlug) {
      places = await this.repository.bookablePlaces(db, { slug: query.accommodationSlug });
      if (places.length === 0) throw notFound(`Accommodation ${query.accommodationSlug}`);
      validateGuests(query.guests, places[0].capacity);
    } else {
      validateGuests(query.guests, Number.MAX_SAFE_INTEGER);
      places = await this.repository.bookablePlaces(db, { minCapacity: query.guests });
    }
    const now = new Date();
    const timezone = places[0]?.timezone ?? DEFAULT_TIMEZONE;
    const nights = validateStayDates(query, timezone, now);
    if (places.length === 0) return { available: [], suggestions: [] };

    const windowStart = addDays(query.checkIn, -SUGGESTION_WINDOW_DAYS);
    const windowEnd = addDays(query.checkOut, SUGGESTION_WINDOW_DAYS);
    const ids = places.map((p) => p.id);
    const taken: TakenRange[] = [
      ...(await this.repository.takenRanges(db, ids, windowStart, windowEnd)),
      ...(await this.externalBlocks.overlapping(db, ids, windowStart, windowEnd)),
    ];
    const isFree = (place: BookablePlace, checkIn: string, checkOut: string) =>
      !taken.some(
        (t) => t.accommodationId === place.id && rangesOverlap(t.startDate, t.endDate, checkIn, checkOut),
      );

    const available = places
      .filter((place) => isFree(place, query.checkIn, query.checkOut))
      .map((place) => this.offer(place, nights));
    if (available.length > 0) return { available, suggestions: [] };
    return { available, suggestions: this.suggest(places, query, nights, now, isFree) };
  }

  private offer(place: BookablePlace, nights: number): AvailableOffer {
    const price = quote(
      place.nightlyPrice,
      nights,
      place.depositPercent ?? String(this.config.booking.depositPercent),
    );
    return {
      accommodation: place.slug,
      name: place.name,
      capacity: place.capacity,
      nights,
      nightlyPrice: price.nightlyPrice,
      totalPrice: price.totalPrice,
      depositAmount: price.depositAmount,
      currency: place.currency,
    };
  }

  /** The closest free shift earlier and the closest later, each on the first place (cheapest) free then. */
  private suggest(
    places: BookablePlace[],
    query: AvailabilityQuery,
    nights: number,
    now: Date,
    isFree: (place: BookablePlace, checkIn: string, checkOut: string) => boolean,
  ): DateSuggestion[] {
    const found = (direction: -1 | 1): DateSuggestion | undefined => {
      for (let shift = 1; shift <= SUGGESTION_WINDOW_DAYS; shift++) {
        const checkIn = addDays(query.checkIn, direction * shift);
        const checkOut = addDays(checkIn, nights);
        for (const place of places) {
          const today = todayIn(place.timezone, now);
          if (checkIn < today || checkIn > addDays(today, MAX_DAYS_AHEAD)) continue;
          if (isFree(place, checkIn, checkOut)) {
            return { checkIn, checkOut, accommodation: place.slug, name: place.name };
          }
        }
      }
      return undefined;
    };
    return [found(-1), found(1)].filter((s): s is DateSuggestion => s !== undefined);
  }
}
