import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { MercadoPagoPayment } from './mercadopago/mercadopago.types.js';

/** What the app made of a payment; null while nothing was decided (never for a processed one). */
export type PaymentOutcome =
  | 'confirmed'
  | 'not_approved'
  | 'amount_mismatch'
  | 'unknown_reservation'
  | 'conflict_refund_needed'
  | 'duplicate_refund_needed'
  | 'live_mode_mismatch';

/** Outcomes that no later notification can change: the money decision was taken. */
export const FINAL_OUTCOMES: readonly PaymentOutcome[] = [
  'confirmed',
  'amount_mismatch',
  'unknown_reservation',
  'conflict_refund_needed',
  'duplicate_refund_needed',
  'live_mode_mismatch',
];

/** The `payments` rows of MercadoPago payments (payment_id set); each runs on the EntityManager given. */
@Injectable()
export class PaymentRecordsRepository {
  /**
   * Stores the payment's current state (one row per payment id) and returns the outcome decided
   * earlier, if any, and the status it had before. The row stays locked until the caller's
   * transaction ends, so two notifications of one payment are decided one after the other, the
   * second seeing the first's status and outcome.
   */
  async upsert(
    em: EntityManager,
    payment: MercadoPagoPayment,
    reservationId: string | null,
  ): Promise<{ id: string; outcome: PaymentOutcome | null; previousStatus: string | null }> {
    // Locked first, in its own statement: a second notification of the same payment waits here for
    // the first one's transaction and then reads the status it committed. A CTE in the upsert would
    // read its snapshot from before that wait, so both would see the old status (and both alert).
    const [previous] = await em.execute<{ status: string | null }[]>(
      `select status from payments where payment_id = ? for update`,
      [payment.id],
    );
    const [row] = await em.execute<{ id: string; outcome: PaymentOutcome | null }[]>(
      `insert into payments (reservation_id, preference_id, payment_id, status, status_detail, amount, currency, raw)
       values (?, (select preference_id from payments where reservation_id = ? and payment_id is null),
               ?, ?, ?, ?::numeric, ?, ?::jsonb)
       on conflict (payment_id) do update set
         status = excluded.status, status_detail = excluded.status_detail, amount = excluded.amount,
         currency = excluded.currency, raw = excluded.raw, updated_at = now()
       returning id, outcome`,
      [
        reservationId,
        reservationId,
        payment.id,
        payment.status,
        payment.statusDetail,
        payment.amount,
        payment.currency.slice(0, 3),
        JSON.stringify(payment.raw),
      ],
    );
    return { id: row!.id, outcome: row!.outcome, previousStatus: previous?.status ?? null };
  }

  async setOutcome(em: EntityManager, id: string, outcome: PaymentOutcome): Promise<void> {
    await em.execute(`update payments set outcome = ?, updated_at = now() where id = ?`, [outcome, id]);
  }

  /** The deposit request of a paid reservation is settled. */
  async markRequestPaid(em: EntityManager, reservationId: string): Promise<void> {
    await em.execute(
      `update payments set status = 'paid', updated_at = now() where reservation_id = ? and payment_id is null`,
      [reservationId],
    );
  }
}
