import type { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { DepositLinks } from '../payments/deposit-links.js';
import { AvailabilityService } from '../reservations/availability.service.js';
import type { ReservationRecord } from '../reservations/domain/reservation-record.js';
import { ReservationError } from '../reservations/reservation.errors.js';
import { ReservationsService } from '../reservations/reservations.service.js';
import type { Awaiting, Remembered } from './conversation-memory.js';
import { texts } from './guest-texts.js';
import type { Reply } from './reply.js';
import { reservationView } from './reservation-view.js';

/**
 * Questions about a booking the guest already has: how it stands, paying its deposit, cancelling it,
 * moving it to other dates, changing its party size.
 * Only the guest's own bookings are found; another guest's code reads exactly like an unknown one.
 */
@Injectable()
export class ReservationQuestions {
  constructor(
    private readonly reservations: ReservationsService,
    private readonly availability: AvailabilityService,
    private readonly depositLinks: DepositLinks,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * "somos 6" right after booking: when the stay the guest was talking about is a reservation of
   * theirs, a new head count is a change to it (searching again would only find their own dates
   * taken). `too_big`: the place cannot sleep that many (the guest was told; what else is free for
   * them is the next answer); `none`: none of their active reservations is that stay, nothing was said.
   */
  async changePartySize(
    phone: string,
    stay: Remembered,
    guests: number,
    em: EntityManager,
    reply: Reply,
  ): Promise<'changed' | 'too_big' | 'none'> {
    if (!stay.checkIn || !stay.checkOut) return 'none';
    const own = (await this.reservations.findActiveForPhone(phone, em)).find(
      (r) =>
        r.checkIn === stay.checkIn &&
        r.checkOut === stay.checkOut &&
        (!stay.accommodation || r.accommodation.slug === stay.accommodation),
    );
    if (!own) return 'none';
    if (own.guestsCount === guests) {
      await reply.text(texts.partyUnchanged(reservationView(own)));
      return 'changed';
    }
    try {
      const changed = await this.reservations.changeGuests(own.code, guests, { byPhone: phone }, em);
      await reply.text(texts.partyChanged(reservationView(changed)));
      return 'changed';
    } catch (error) {
      if (!(error instanceof ReservationError && error.code === 'capacity_exceeded')) throw error;
      const capacity = Number((error.details as { capacity?: number } | undefined)?.capacity ?? 0);
      await reply.text(texts.partyTooBig(reservationView(own), capacity));
      return 'too_big';
    }
  }

  /**
   * Moving a booking to new dates. Without dates, asks for them (the answer comes back here). A hold
   * moves at once (a new pre-reservation with its own deposit link replaces it, or it stays as it was
   * when the dates are not free); a confirmed stay's change is left to a person.
   */
  async reschedule(
    phone: string,
    code: string | null,
    dates: { checkIn: string; checkOut: string } | null,
    em: EntityManager,
    reply: Reply,
  ): Promise<Awaiting | null> {
    const reservation = await this.pick(phone, code, em, reply);
    if (!reservation) return null;
    if (reservation.status === 'confirmed') {
      await reply.text(texts.rescheduleConfirmed(reservation.code));
      return null;
    }
    if (reservation.status !== 'pre_reserved') {
      await reply.text(texts.rescheduleNotPossible(reservation.code));
      return null;
    }
    if (!dates) {
      await reply.text(texts.askNewDates(reservationView(reservation)));
      return { question: 'reschedule', code: reservation.code };
    }
    try {
      const { current } = await this.reservations.reschedule(reservation.code, dates, { byPhone: phone }, em);
      const link = await this.depositLinks.linkFor(current, em);
      await reply.text(
        texts.rescheduled(reservationView(current), reservation.code, link, this.config.booking.holdMinutes),
      );
      return null;
    } catch (error) {
      if (!(error instanceof ReservationError)) throw error;
      const keepAsking: Awaiting = { question: 'reschedule', code: reservation.code };
      if (error.code === 'invalid_dates') {
        await reply.text(texts.invalidDates(error.details?.reason));
        return keepAsking;
      }
      if (error.code !== 'date_overlap' && error.code !== 'no_availability') throw error;
      const { suggestions } = await this.availability.search(
        {
          checkIn: dates.checkIn,
          checkOut: dates.checkOut,
          guests: reservation.guestsCount,
          accommodationSlug: reservation.accommodation.slug,
        },
        em,
      );
      await reply.text(texts.rescheduleTaken(reservationView(reservation), suggestions));
      return keepAsking;
    }
  }

  /** Status, payment or cancellation of a booking the guest already has. */
  async answer(
    intent: 'reservation_status' | 'cancel' | 'payment',
    phone: string,
    code: string | null,
    em: EntityManager,
    reply: Reply,
  ): Promise<Awaiting | null> {
    const { depositPercent, holdMinutes } = this.config.booking;
    // Asking how to pay with nothing booked yet: how paying works is the answer.
    const none = intent === 'payment' ? texts.howPaymentWorks(depositPercent, holdMinutes) : undefined;
    const reservation = await this.pick(phone, code, em, reply, none);
    if (!reservation) return null;

    if (intent === 'reservation_status') {
      const pending =
        reservation.status === 'pre_reserved'
          ? {
              expiresAt: reservation.expiresAt
                ? clockTime(reservation.expiresAt, reservation.accommodation.timezone)
                : null,
              link: await this.depositLinks.linkFor(reservation, em),
            }
          : undefined;
      await reply.text(
        texts.status({ ...reservationView(reservation), status: reservation.status }, pending),
      );
      return null;
    }
    if (intent === 'payment') {
      if (reservation.status === 'confirmed') await reply.text(texts.alreadyPaid(reservation.code));
      else if (reservation.status === 'pre_reserved') {
        const link = await this.depositLinks.linkFor(reservation, em);
        await reply.text(
          link.status === 'ready'
            ? texts.paymentLink(reservation.code, reservation.depositAmount, link.url)
            : link.status === 'later'
              ? texts.paymentLinkLater(reservation.code)
              : texts.paymentLinkRefused(reservation.code),
        );
      } else await reply.text(texts.paymentNotPossible(reservation.code));
      return null;
    }
    if (reservation.status !== 'pre_reserved' && reservation.status !== 'confirmed') {
      await reply.text(texts.cannotCancel(reservation.code));
      return null;
    }
    // "¿Si cancelo me devuelven la seña?" reads as a cancellation too: nothing is undone unasked.
    await reply.text(texts.confirmCancel({ ...reservationView(reservation), status: reservation.status }));
    return { question: 'cancel', code: reservation.code };
  }

  /** Another guest's code looks exactly like an unknown one. */
  /**
   * The booking a message is about: the guest's own with that code, else their only active one. When
   * there is none (`none` is said), or several and no code, the guest is told so and the result is null.
   */
  private async pick(
    phone: string,
    code: string | null,
    em: EntityManager,
    reply: Reply,
    none: string = texts.noReservations(),
  ): Promise<ReservationRecord | null> {
    if (code) {
      const found = await this.guestReservation(code, phone, em);
      if (!found) await reply.text(texts.reservationNotFound());
      return found;
    }
    const active = await this.reservations.findActiveForPhone(phone, em);
    if (active.length === 1) return active[0]!;
    await reply.text(active.length === 0 ? none : texts.whichReservation(active.map((r) => r.code)));
    return null;
  }

  private async guestReservation(
    code: string,
    phone: string,
    em: EntityManager,
  ): Promise<ReservationRecord | null> {
    const found = await this.reservations.findByCode(code, em);
    return found && found.guestPhone === phone ? found : null;
  }

  /** The guest's yes or no to "¿Querés que cancele tu reserva …?". */
  async answerCancellation(
    confirmed: boolean,
    phone: string,
    code: string,
    em: EntityManager,
    reply: Reply,
  ): Promise<void> {
    const reservation = await this.guestReservation(code, phone, em);
    if (!reservation || (reservation.status !== 'pre_reserved' && reservation.status !== 'confirmed')) {
      await reply.text(texts.cannotCancel(code));
      return;
    }
    if (!confirmed) {
      await reply.text(texts.keptReservation(code));
      return;
    }
    try {
      await this.reservations.cancel(
        reservation.code,
        { byPhone: phone, expectedStatus: reservation.status },
        em,
      );
    } catch (error) {
      if (error instanceof ReservationError) {
        await reply.text(texts.cannotCancel(reservation.code));
        return;
      }
      throw error;
    }
    await reply.text(texts.cancelled(reservation.code));
  }
}

/** "17:45" where the place is. */
function clockTime(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('es-AR', {
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
    timeZone,
  }).format(at);
}
