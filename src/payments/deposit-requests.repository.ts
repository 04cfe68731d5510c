import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

/** The deposit request of a reservation: the `payments` row without a payment id. */
export interface DepositRequest {
  id: string;
  preferenceId: string | null;
  checkoutUrl: string | null;
  status: string;
  attempts: number;
}

export interface DueLink {
  id: string;
  attempts: number;
  code: string;
}

/** Every SQL statement about deposit requests; each runs on the EntityManager it is given. */
@Injectable()
export class DepositRequestsRepository {
  /** Locks the row, so two messages of the same guest do not create the link twice at once. */
  async findForUpdate(em: EntityManager, reservationId: string): Promise<DepositRequest | null> {
    const [row] = await em.execute<
      {
        id: string;
        preference_id: string | null;
        checkout_url: string | null;
        status: string;
        attempts: number;
      }[]
    >(
      `select id, preference_id, checkout_url, status, attempts from payments
        where reservation_id = ? and payment_id is null
        for update`,
      [reservationId],
    );
    return row
      ? {
          id: row.id,
          preferenceId: row.preference_id,
          checkoutUrl: row.checkout_url,
          status: row.status,
          attempts: row.attempts,
        }
      : null;
  }

  async insert(
    em: EntityManager,
    request: { reservationId: string; amount: string; currency: string },
  ): Promise<DepositRequest> {
    await em.execute(
      `insert into payments (reservation_id, amount, currency, status)
       values (?, ?::numeric, ?, 'pending')
       on conflict (reservation_id) where payment_id is null do nothing`,
      [request.reservationId, request.amount, request.currency],
    );
    return (await this.findForUpdate(em, request.reservationId))!;
  }

  /** True when this call stored the link (false: someone else already did). */
  async savePreference(em: EntityManager, id: string, preferenceId: string, url: string): Promise<boolean> {
    const rows = await em.execute<{ id: string }[]>(
      `update payments set preference_id = ?, checkout_url = ?, last_error = null, next_attempt_at = null,
         updated_at = now()
        where id = ? and preference_id is null
        returning id`,
      [preferenceId, url, id],
    );
    return rows.length > 0;
  }

  /** A failed creation: try again after `delayMs`, or never (`final`, e.g. MercadoPago refused it). */
  async recordFailure(
    em: EntityManager,
    id: string,
    failure: { message: string; delayMs: number; final: boolean; countAttempt: boolean },
  ): Promise<void> {
    await em.execute(
      `update payments set last_error = ?, next_attempt_at = now() + ? * interval '1 millisecond',
         status = case when ? then 'link_failed' else status end,
         attempts = attempts + case when ? then 1 else 0 end, updated_at = now()
        where id = ? and preference_id is null`,
      [failure.message, failure.delayMs, failure.final, failure.countAttempt, id],
    );
  }

  /**
   * Claims due requests whose hold is still live: their next attempt is pushed `leaseMs` ahead (so
   * no other replica takes them meanwhile) and counted. SKIP LOCKED: safe with N replicas.
   */
  async claimDue(em: EntityManager, leaseMs: number, limit: number): Promise<DueLink[]> {
    return em.execute<DueLink[]>(
      `with due as (
         select p.id from payments p join reservations r on r.id = p.reservation_id
          where p.payment_id is null and p.preference_id is null and p.status = 'pending'
            and p.next_attempt_at <= now() and r.status = 'pre_reserved' and r.expires_at > now()
          order by p.next_attempt_at
          limit ?
          for update of p skip locked)
       update payments p set next_attempt_at = now() + ? * interval '1 millisecond',
         attempts = p.attempts + 1, updated_at = now()
         from due, reservations r
        where p.id = due.id and r.id = p.reservation_id
       returning p.id, p.attempts, r.code`,
      [limit, leaseMs],
    );
  }
}
