import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { DepositLinks } from '../payments/deposit-links.js';
import type { ReservationRecord } from '../reservations/domain/reservation-record.js';
import { ReservationError } from '../reservations/reservation.errors.js';
import { ReservationsService } from '../reservations/reservations.service.js';
import type { Awaiting, Remembered } from './conversation-memory.js';
import { texts } from './guest-texts.js';
import type { Reply } from './reply.js';
import { reservationView } from './reservation-view.js';

/**
 * Questions about a booking the guest already has: how it stands, paying its deposit, cancelling it.
 * Only the guest's own bookings are found; another guest's code reads exactly like an unknown one.
 */
@Injectable()
export class ReservationQuestions {
  constructor(
    private readonly reservations: ReservationsService,
    private readonly depositLinks: DepositLinks,
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

  /** Status, payment or cancellation of a booking the guest already has. */
  async answer(
    intent: 'reservation_status' | 'cancel' | 'payment',
    phone: string,
    code: string | null,
    em: EntityManager,
    reply: Reply,
  ): Promise<Awaiting | null> {
    let reservation: ReservationRecord;
    if (code) {
      const found = await this.guestReservation(code, phone, em);
      if (!found) {
        await reply.text(texts.reservationNotFound());
        return null;
      }
      reservation = found;
    } else {
      const active = await this.reservations.findActiveForPhone(phone, em);
      if (active.length === 0) {
        await reply.text(texts.noReservations());
        return null;
      }
      if (active.length > 1) {
        await reply.text(texts.whichReservation(active.map((r) => r.code)));
        return null;
      }
      reservation = active[0];
    }

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
