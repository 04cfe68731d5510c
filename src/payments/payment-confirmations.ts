import type { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';
import { maskPhone } from '../common/logging/redaction.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { OutboxMessage } from '../messaging/outbox/outbox-message.js';
import { OutboxWriter } from '../messaging/outbox/outbox.writer.js';
import { paymentConfirmedMessage } from '../messaging/templates/payment-confirmed.js';
import { paymentRefundMessage } from '../messaging/templates/payment-refund.js';
import { paymentRejectedMessage } from '../messaging/templates/payment-rejected.js';
import { isLive, type ReservationRecord } from '../reservations/domain/reservation-record.js';
import { ReservationError } from '../reservations/reservation.errors.js';
import { ReservationsService } from '../reservations/reservations.service.js';
import { toCents } from './mercadopago/mercadopago-format.js';
import { MercadoPagoClient } from './mercadopago/mercadopago.client.js';
import type { MercadoPagoPayment } from './mercadopago/mercadopago.types.js';
import {
  FINAL_OUTCOMES,
  PaymentRecordsRepository,
  type PaymentOutcome,
} from './payment-records.repository.js';
import { PAYMENTS_CONFIRMED, PAYMENTS_CONFLICTS, PAYMENTS_PROCESSED } from './payments.metrics.js';

/** Statuses of a once-approved payment that mean the deposit is no longer there (§3.3). */
const REVERSED = ['refunded', 'charged_back', 'in_mediation', 'cancelled'];

/** Something to do only once the decision is committed: count it, log it, send what it queued. */
type Effect = () => void;

export interface AppliedPayment {
  outcome: PaymentOutcome;
  /**
   * Run after the caller's transaction commits: metrics, operator alerts and the send of a queued
   * guest message. A rolled-back decision (the row is retried) then counts and alerts nothing.
   */
  afterCommit: () => void;
}

interface Decision {
  outcome: PaymentOutcome;
  /** A guest message was queued in the caller's transaction. */
  queued: boolean;
  effects: Effect[];
}

const stayOf = (r: ReservationRecord) => ({
  code: r.code,
  placeName: r.accommodation.name,
  checkIn: r.checkIn,
  checkOut: r.checkOut,
  deposit: r.depositAmount,
});

/**
 * Turns a MercadoPago payment into the booking's outcome. Never trusts the notification: `fetch`
 * reads the payment with our token (outside any transaction), `apply` decides inside the inbox row's
 * transaction. Approved, for the deposit's exact amount and currency, for a live hold → confirmed
 * once (compare-and-set) with the "¡Pago Confirmado!" message in the same transaction. A hold that
 * lapsed is revived only if its dates are still free; otherwise the money has to go back, the guest
 * is told kindly and the operator is alerted. Anything else is recorded and never confirms.
 */
@Injectable()
export class PaymentConfirmations {
  private readonly logger = new Logger('Payments');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly client: MercadoPagoClient,
    private readonly reservations: ReservationsService,
    private readonly records: PaymentRecordsRepository,
    private readonly outbox: OutboxWriter,
    @InjectMetric(PAYMENTS_PROCESSED) private readonly processed: Counter<string>,
    @InjectMetric(PAYMENTS_CONFIRMED) private readonly confirmed: Counter<string>,
    @InjectMetric(PAYMENTS_CONFLICTS) private readonly conflicts: Counter<string>,
  ) {}

  /** The payment's current state from MercadoPago (retries and breaker included); JSON-safe. */
  fetch(paymentId: string): Promise<MercadoPagoPayment> {
    return this.client.getPayment(paymentId);
  }

  async apply(payment: MercadoPagoPayment, em: EntityManager): Promise<AppliedPayment> {
    const reservation = payment.externalReference
      ? await this.reservations.findByCode(payment.externalReference, em)
      : null;
    const row = await this.records.upsert(em, payment, reservation?.id ?? null);
    if (row.outcome && FINAL_OUTCOMES.includes(row.outcome)) {
      // Another notification of this payment already decided it: nothing more to do or say, unless
      // the money of a confirmed booking went back (refund, chargeback, dispute): a person decides.
      const reversed =
        row.outcome === 'confirmed' &&
        REVERSED.includes(payment.status) &&
        row.previousStatus !== payment.status;
      const alert = reversed
        ? this.alert('reversed', { payment_id: payment.id, status: payment.status, code: reservation?.code })
        : null;
      return { outcome: row.outcome, afterCommit: () => alert?.() };
    }
    const decided = await this.decide(payment, reservation, em);
    await this.records.setOutcome(em, row.id, decided.outcome);
    return {
      outcome: decided.outcome,
      afterCommit: () => {
        this.processed.inc({ outcome: decided.outcome });
        for (const effect of decided.effects) effect();
        if (decided.queued) this.outbox.committed();
      },
    };
  }

  private async decide(
    payment: MercadoPagoPayment,
    reservation: ReservationRecord | null,
    em: EntityManager,
  ): Promise<Decision> {
    const facts = { payment_id: payment.id, status: payment.status, code: payment.externalReference };
    if (payment.status !== 'approved') {
      // A declined try on a live hold: said once per payment, so the guest knows to try again.
      const queued =
        payment.status === 'rejected' && reservation?.status === 'pre_reserved' && isLive(reservation)
          ? await this.tell(em, {
              kind: 'text',
              to: reservation.guestPhone,
              dedupeKey: `payment-rejected:${payment.id}`,
              text: paymentRejectedMessage(stayOf(reservation)),
            })
          : false;
      return {
        outcome: 'not_approved',
        queued,
        effects: [() => this.logger.log(facts, 'payment_not_approved')],
      };
    }
    if (this.config.production && !payment.liveMode) {
      return {
        outcome: 'live_mode_mismatch',
        queued: false,
        effects: [this.alert('live_mode_mismatch', facts)],
      };
    }
    if (!reservation) {
      return {
        outcome: 'unknown_reservation',
        queued: false,
        effects: [this.alert('unknown_reservation', facts)],
      };
    }
    const expected = toCents(reservation.depositAmount);
    if (
      payment.currency !== reservation.currency ||
      expected === null ||
      toCents(payment.amount) !== expected
    ) {
      return {
        outcome: 'amount_mismatch',
        queued: false,
        effects: [
          this.alert('amount_mismatch', {
            ...facts,
            amount: payment.amount,
            deposit: reservation.depositAmount,
          }),
        ],
      };
    }
    return this.confirm(payment, reservation, em);
  }

  private async confirm(
    payment: MercadoPagoPayment,
    reservation: ReservationRecord,
    em: EntityManager,
  ): Promise<Decision> {
    const facts = { payment_id: payment.id, code: reservation.code };
    const held = await this.confirmHold(reservation, em);
    if (held === 'dates_taken') return this.refund(payment, reservation, em, 'dates_taken');
    if (held === 'not_confirmable') {
      // Already confirmed (another payment, or by the operator) or cancelled: paid twice, or too late.
      const current = await this.reservations.findByCode(reservation.code, em);
      const reason = current?.status === 'confirmed' ? 'duplicate' : 'not_active';
      return {
        outcome: reason === 'duplicate' ? 'duplicate_refund_needed' : 'conflict_refund_needed',
        queued: false,
        effects: [this.alert(reason, { ...facts, reservation_status: current?.status })],
      };
    }
    await this.records.markRequestPaid(em, reservation.id);
    const queued = await this.tell(em, {
      kind: 'text',
      to: reservation.guestPhone,
      dedupeKey: `payment-confirmed:${reservation.code}`,
      text: paymentConfirmedMessage({ ...stayOf(held.confirmed), late: held.late }),
    });
    const { late } = held;
    return {
      outcome: 'confirmed',
      queued,
      effects: [
        () => {
          this.confirmed.inc();
          this.logger.log(
            { ...facts, guest_phone: maskPhone(reservation.guestPhone), late },
            'payment_confirmed',
          );
        },
      ],
    };
  }

  /**
   * The hold becomes a booking; a lapsed one only if its dates are still free (the constraint decides).
   * `late`: it had lapsed, maybe only while this payment was being handled.
   */
  private async confirmHold(
    reservation: ReservationRecord,
    em: EntityManager,
  ): Promise<{ confirmed: ReservationRecord; late: boolean } | 'dates_taken' | 'not_confirmable'> {
    let status = reservation.status;
    try {
      if (status === 'pre_reserved') {
        try {
          return { confirmed: await this.reservations.confirm(reservation.code, em), late: false };
        } catch (error) {
          if (!(error instanceof ReservationError)) throw error;
          // Lost a race (the expiry job, a cancellation): go on from the status it has now.
          status = (await this.reservations.findByCode(reservation.code, em))?.status ?? status;
        }
      }
      if (status === 'expired')
        return { confirmed: await this.reservations.confirmLate(reservation.code, em), late: true };
      return 'not_confirmable';
    } catch (error) {
      if (!(error instanceof ReservationError)) throw error;
      if (error.code === 'date_overlap') return 'dates_taken';
      if (error.code === 'invalid_transition') return 'not_confirmable';
      throw error;
    }
  }

  /** The dates went to someone else while the deposit was on its way: the money goes back. */
  private async refund(
    payment: MercadoPagoPayment,
    reservation: ReservationRecord,
    em: EntityManager,
    reason: string,
  ): Promise<Decision> {
    const alert = this.alert(reason, {
      payment_id: payment.id,
      code: reservation.code,
      amount: payment.amount,
    });
    const queued = await this.tell(em, {
      kind: 'text',
      to: reservation.guestPhone,
      dedupeKey: `payment-refund:${payment.id}`,
      text: paymentRefundMessage(stayOf(reservation)),
    });
    return { outcome: 'conflict_refund_needed', queued, effects: [alert] };
  }

  private tell(em: EntityManager, message: OutboxMessage): Promise<boolean> {
    return this.outbox.enqueue(em, message);
  }

  /** An approved deposit that confirmed nothing: a person must look (refund, or check the amount). */
  private alert(reason: string, facts: Record<string, unknown>): Effect {
    return () => {
      this.conflicts.inc({ reason });
      this.logger.error({ ...facts, reason }, 'payment_needs_attention');
    };
  }
}
