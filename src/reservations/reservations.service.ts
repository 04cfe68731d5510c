import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';
import { ExternalBlocks } from '../calendar/external-blocks.reader.js';
import { maskPhone } from '../common/logging/redaction.js';
import { ServiceCall } from '../common/logging/service-call.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { validateGuests, validateStayDates } from './domain/hold-rules.js';
import { quote } from './domain/pricing.js';
import { CODE_PATTERN, normalizeCode, ReservationCodes } from './domain/reservation-code.js';
import { isLive, type ReservationRecord, type ReservationSource } from './domain/reservation-record.js';
import { sourcesOf, type ReservationStatus } from './domain/reservation-status.js';
import { PRERESERVATIONS_EXPIRED, RESERVATION_TRANSITIONS } from './reservation.metrics.js';
import {
  capacityExceeded,
  dateOverlap,
  invalidGuests,
  invalidTransition,
  noAvailability,
  notActive,
  notFound,
} from './reservation.errors.js';
import { HoldExpiryNotices } from './hold-expiry-notices.js';
import { ReservationsRepository, type ReservationFilter } from './reservations.repository.js';

export interface HoldRequest {
  accommodationSlug: string;
  checkIn: string;
  checkOut: string;
  guestsCount: number;
  guestPhone: string;
  guestName?: string | null;
  source: ReservationSource;
}

export interface CancelOptions {
  byPhone?: string;
  expectedStatus?: ReservationStatus;
}

const INSERT_ATTEMPTS = 5;
/** Lapsed holds expired per statement (and transaction) by the expiry job; it repeats while full. */
const EXPIRY_BATCH = 200;
/** PostgreSQL's deadlock_detected. */
const DEADLOCK = '40P01';

/** The reservation, if there is one and (with `byPhone`) it is that guest's; else not_found, revealing nothing. */
function ownedBy(
  found: ReservationRecord | null,
  byPhone: string | undefined,
  code: string,
): ReservationRecord {
  if (!found || (byPhone !== undefined && found.guestPhone !== byPhone))
    throw notFound(`Reservation ${code}`);
  return found;
}

function sqlState(error: unknown): { code?: string; constraint?: string; message?: string } {
  return (error ?? {}) as { code?: string; constraint?: string; message?: string };
}

/**
 * The one way into bookings for the chat, payments, jobs and the admin API. Every method accepts an
 * optional EntityManager: pass the caller's transactional one to make the change part of the
 * caller's transaction (it then runs inside a savepoint, so a domain failure leaves the caller's
 * transaction usable); without it the method runs in its own transaction.
 */
@Injectable()
export class ReservationsService {
  private readonly logger = new Logger('ReservationsService');

  constructor(
    private readonly em: EntityManager,
    private readonly repository: ReservationsRepository,
    private readonly externalBlocks: ExternalBlocks,
    private readonly codes: ReservationCodes,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectMetric(PRERESERVATIONS_EXPIRED) private readonly expiredTotal: Counter<string>,
    @InjectMetric(RESERVATION_TRANSITIONS) private readonly transitions: Counter<string>,
    private readonly expiryNotices: HoldExpiryNotices,
  ) {}

  /**
   * A pre-reservation holding the dates for HOLD_MINUTES. Errors: not_found (unknown or inactive
   * place), invalid_dates, invalid_guests, capacity_exceeded, no_availability (an imported calendar
   * blocks the dates), date_overlap (another active reservation holds them).
   */
  @ServiceCall('create_reservation', (r: HoldRequest) => ({
    accommodation: r.accommodationSlug,
    check_in: r.checkIn,
    check_out: r.checkOut,
    guests_count: r.guestsCount,
    guest_phone: maskPhone(r.guestPhone),
    source: r.source,
  }))
  async hold(request: HoldRequest, em?: EntityManager): Promise<ReservationRecord> {
    let lapsed: ReservationRecord[] = [];
    let notified = 0;
    const record = await this.transactional(em, async (tx) => {
      const [place] = await this.repository.bookablePlaces(tx, { slug: request.accommodationSlug });
      if (!place) throw notFound(`Accommodation ${request.accommodationSlug}`);
      const nights = validateStayDates(request, place.timezone, new Date());
      validateGuests(request.guestsCount, place.capacity);

      // Before reading the imported blocks: an iCal sync cannot slip a block in between.
      await this.externalBlocks.lockForBooking(tx, place.id);
      // Lapsed holds of this place may still be waiting for the expiry job: expire them here, and
      // tell their guests, so they neither block this hold nor go unannounced.
      lapsed = await this.repository.expireLapsedHolds(tx, place.id);
      notified = await this.expiryNotices.queue(tx, lapsed);
      const blocked = await this.externalBlocks.overlapping(
        tx,
        [place.id],
        request.checkIn,
        request.checkOut,
      );
      if (blocked.length > 0) throw noAvailability(place.slug);

      const price = quote(
        place.nightlyPrice,
        nights,
        place.depositPercent ?? String(this.config.booking.depositPercent),
      );
      const code = await this.insertWithFreshCode(tx, {
        accommodationId: place.id,
        guestPhone: request.guestPhone,
        guestName: request.guestName?.trim() || null,
        checkIn: request.checkIn,
        checkOut: request.checkOut,
        guestsCount: request.guestsCount,
        totalPrice: price.totalPrice,
        depositAmount: price.depositAmount,
        currency: place.currency,
        source: request.source,
        holdMinutes: this.config.booking.holdMinutes,
      });
      return (await this.repository.findByCode(tx, code))!;
    });
    this.afterExpiry(lapsed, notified, em);
    this.transitions.inc({ to: 'pre_reserved' });
    return record;
  }

  /** pre_reserved → confirmed (the deposit was paid). Errors: not_found, invalid_transition. */
  @ServiceCall('confirm_reservation', (code: string) => ({ code }))
  confirm(code: string, em?: EntityManager): Promise<ReservationRecord> {
    return this.move(code, 'confirmed', sourcesOf('confirmed'), undefined, em);
  }

  /**
   * expired → confirmed, for a deposit paid after its hold lapsed. Outside the state machine on
   * purpose (only a payment may revive a hold): it succeeds only if the dates are still free, which
   * the exclusion constraint decides, not this code. Errors: date_overlap (someone else has the
   * dates now), not_found, invalid_transition (not expired).
   */
  @ServiceCall('confirm_late_payment', (code: string) => ({ code }))
  async confirmLate(code: string, em?: EntityManager): Promise<ReservationRecord> {
    const normalized = normalizeCode(code);
    if (!CODE_PATTERN.test(normalized)) throw notFound(`Reservation ${code}`);
    const result = await this.transactional(em, async (tx) => {
      let moved: ReservationRecord | null;
      try {
        // A savepoint, so a 23P01 leaves the caller's transaction usable.
        moved = await tx.transactional((inner) =>
          this.repository.transition(inner, normalized, ['expired'], 'confirmed'),
        );
      } catch (error) {
        if (sqlState(error).code === '23P01') throw dateOverlap();
        throw error;
      }
      if (moved) return moved;
      const current = await this.repository.findByCode(tx, normalized);
      if (!current) throw notFound(`Reservation ${code}`);
      throw invalidTransition(current.status, 'confirmed');
    });
    this.transitions.inc({ to: 'confirmed' });
    return result;
  }

  /**
   * pre_reserved | confirmed → cancelled. With `byPhone`, only that guest's reservation counts
   * (another guest's code answers not_found, revealing nothing). With `expectedStatus`, it cancels
   * only from the status the caller saw (a guest dropping a hold must not cancel a booking that got
   * paid in the meantime). Errors: not_found, invalid_transition.
   */
  @ServiceCall('cancel_reservation', (code: string, options?: CancelOptions) => ({
    code,
    by_phone: options?.byPhone ? maskPhone(options.byPhone) : undefined,
    expected_status: options?.expectedStatus,
  }))
  cancel(code: string, options: CancelOptions = {}, em?: EntityManager): Promise<ReservationRecord> {
    const from = options.expectedStatus ? [options.expectedStatus] : sourcesOf('cancelled');
    return this.move(code, 'cancelled', from, options.byPhone, em);
  }

  /**
   * A new party size for an active reservation (a hold keeps its expiry; the price, per night, stays).
   * With `byPhone`, only that guest's reservation counts. Errors: not_found, invalid_guests,
   * capacity_exceeded, invalid_transition (not active).
   */
  @ServiceCall('change_reservation_guests', (code: string, guests: number, options?: CancelOptions) => ({
    code,
    guests_count: guests,
    by_phone: options?.byPhone ? maskPhone(options.byPhone) : undefined,
  }))
  async changeGuests(
    code: string,
    guests: number,
    options: Pick<CancelOptions, 'byPhone'> = {},
    em?: EntityManager,
  ): Promise<ReservationRecord> {
    const normalized = normalizeCode(code);
    if (!CODE_PATTERN.test(normalized)) throw notFound(`Reservation ${code}`);
    if (!Number.isInteger(guests) || guests < 1) throw invalidGuests();
    return this.transactional(em, async (tx) => {
      const changed = await this.repository.setGuests(tx, normalized, guests, options.byPhone);
      if (changed) return changed;
      const current = ownedBy(await this.repository.findByCode(tx, normalized), options.byPhone, code);
      if (!isLive(current)) throw notActive(current.status);
      throw capacityExceeded((await this.repository.capacityOf(tx, current.accommodation.id)) ?? 0);
    });
  }

  /**
   * New dates for a live hold, at the same place for the same party: the hold is cancelled and a new
   * one (new code, new expiry, new price) is taken in the same transaction, so the guest never ends up
   * with both or with neither, and the old dates count as free for the new ones. A confirmed stay is
   * not moved here: its deposit was paid for the old price. With `byPhone`, only that guest's hold
   * counts. Errors: those of `hold` (the old hold then stands), not_found, invalid_transition.
   */
  @ServiceCall('reschedule_hold', (code: string, stay: { checkIn: string; checkOut: string }) => ({
    code,
    check_in: stay.checkIn,
    check_out: stay.checkOut,
  }))
  async reschedule(
    code: string,
    stay: { checkIn: string; checkOut: string },
    options: Pick<CancelOptions, 'byPhone'> = {},
    em?: EntityManager,
  ): Promise<{ previous: ReservationRecord; current: ReservationRecord }> {
    const normalized = normalizeCode(code);
    if (!CODE_PATTERN.test(normalized)) throw notFound(`Reservation ${code}`);
    const moved = await this.transactional(em, async (tx) => {
      const previous = ownedBy(await this.repository.findByCode(tx, normalized), options.byPhone, code);
      if (previous.status !== 'pre_reserved' || !isLive(previous)) {
        throw invalidTransition(isLive(previous) ? previous.status : 'expired', 'rescheduled');
      }
      // A savepoint: when the new dates fail, the cancellation is undone with them.
      return tx.transactional(async (inner) => {
        const cancelled = await this.repository.transition(inner, normalized, ['pre_reserved'], 'cancelled');
        if (!cancelled) throw invalidTransition(previous.status, 'rescheduled');
        const current = await this.hold(
          {
            accommodationSlug: previous.accommodation.slug,
            checkIn: stay.checkIn,
            checkOut: stay.checkOut,
            guestsCount: previous.guestsCount,
            guestPhone: previous.guestPhone,
            guestName: previous.guestName,
            source: previous.source,
          },
          inner,
        );
        return { previous: cancelled, current };
      });
    });
    this.transitions.inc({ to: 'cancelled' });
    return moved;
  }

  /**
   * Every hold past its expires_at becomes expired, by set-based UPDATEs of up to EXPIRY_BATCH rows,
   * each in one transaction with its guests' notices; returns them. Safe to run on N replicas at once.
   */
  @ServiceCall('expire_reservations', (now?: Date) => ({ now: (now ?? new Date()).toISOString() }))
  async expireDue(now: Date = new Date(), em?: EntityManager): Promise<ReservationRecord[]> {
    const expired: ReservationRecord[] = [];
    for (;;) {
      let notified = 0;
      const batch = await this.transactional(em, async (tx) => {
        const rows = await this.repository.expireDue(tx, now, EXPIRY_BATCH);
        notified = await this.expiryNotices.queue(tx, rows);
        return rows;
      });
      this.afterExpiry(batch, notified, em);
      expired.push(...batch);
      if (batch.length < EXPIRY_BATCH) return expired;
    }
  }

  /** Null for an unknown (or malformed) code; the code is matched case-insensitively. */
  async findByCode(code: string, em?: EntityManager): Promise<ReservationRecord | null> {
    const normalized = normalizeCode(code);
    if (!CODE_PATTERN.test(normalized)) return null;
    return this.repository.findByCode(em ?? this.em.fork(), normalized);
  }

  async getByCode(code: string, em?: EntityManager): Promise<ReservationRecord> {
    const found = await this.findByCode(code, em);
    if (!found) throw notFound(`Reservation ${code}`);
    return found;
  }

  /** The guest's live holds and upcoming confirmed stays, soonest first. */
  findActiveForPhone(phone: string, em?: EntityManager): Promise<ReservationRecord[]> {
    return this.repository.findActiveForPhone(em ?? this.em.fork(), phone);
  }

  list(
    filter: ReservationFilter,
    em?: EntityManager,
  ): Promise<{ items: ReservationRecord[]; total: number }> {
    return this.repository.list(em ?? this.em.fork(), filter);
  }

  private async move(
    code: string,
    to: ReservationStatus,
    from: readonly ReservationStatus[],
    byPhone: string | undefined,
    em: EntityManager | undefined,
  ): Promise<ReservationRecord> {
    const normalized = normalizeCode(code);
    if (!CODE_PATTERN.test(normalized)) throw notFound(`Reservation ${code}`);
    const result = await this.transactional(em, async (tx) => {
      const moved = await this.repository.transition(
        tx,
        normalized,
        from.filter((status) => sourcesOf(to).includes(status)),
        to,
        byPhone,
      );
      if (moved) return moved;
      const current = ownedBy(await this.repository.findByCode(tx, normalized), byPhone, code);
      throw invalidTransition(current.status, to);
    });
    this.transitions.inc({ to });
    return result;
  }

  /**
   * Inserts the hold under a fresh code, in a savepoint. Two cases insert again:
   * - a code collision (codes are random; the unique index is the arbiter), with a new code;
   * - a deadlock. Holds for overlapping dates inserted at the same moment can each wait for the
   *   other's uncommitted row (that is how PostgreSQL checks an exclusion constraint), and it aborts
   *   one of them. With the savepoint rolled back, inserting again waits for the survivor and gets
   *   23P01 (date_overlap) if it commits, or the dates if it does not.
   */
  private async insertWithFreshCode(
    tx: EntityManager,
    hold: Omit<Parameters<ReservationsRepository['insertHold']>[1], 'code'>,
  ): Promise<string> {
    for (let attempt = 1; ; attempt++) {
      const code = this.codes.next();
      try {
        // A savepoint, so a failed insert leaves the surrounding transaction usable.
        await tx.transactional((inner) => this.repository.insertHold(inner, { ...hold, code }));
        return code;
      } catch (error) {
        const state = sqlState(error);
        if (state.code === '23P01') throw dateOverlap();
        const codeClash =
          state.code === '23505' &&
          (state.constraint === 'reservations_code_key' || /reservations_code_key/.test(state.message ?? ''));
        if ((!codeClash && state.code !== DEADLOCK) || attempt >= INSERT_ATTEMPTS) throw error;
      }
    }
  }

  /** Once the expiry is committed (or handed to the caller's transaction): count, log, send. */
  private afterExpiry(expired: ReservationRecord[], notified: number, em: EntityManager | undefined): void {
    if (expired.length === 0) return;
    this.expiredTotal.inc(expired.length);
    this.transitions.inc({ to: 'expired' }, expired.length);
    this.logger.log({ count: expired.length, notified, codes: expired.map((r) => r.code) }, 'holds_expired');
    // In the caller's transaction nothing is visible yet: the caller sends after its own commit.
    if (notified > 0 && !em) this.expiryNotices.committed();
  }

  private transactional<T>(
    em: EntityManager | undefined,
    work: (tx: EntityManager) => Promise<T>,
  ): Promise<T> {
    return (em ?? this.em.fork()).transactional(work);
  }
}
