import type { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';
import { backoffDelay } from '../common/resilience/retry.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { ReservationRecord } from '../reservations/domain/reservation-record.js';
import { DepositRequestsRepository } from './deposit-requests.repository.js';
import { depositPreference, preferenceIdempotencyKey } from './deposit-preference.js';
import { isRefusal } from './mercadopago/mercadopago-api.error.js';
import { MercadoPagoClient } from './mercadopago/mercadopago.client.js';
import { DEPOSIT_LINKS } from './payments.metrics.js';

/**
 * A hold's deposit link: `ready`; `later` when MercadoPago could not give one right now (the hold
 * stands, and DepositLinkRetrier creates the link and sends it to the guest); `refused` when
 * MercadoPago turned the request down for good (the operator is alerted and arranges the payment).
 */
export type DepositLink = { status: 'ready'; url: string } | { status: 'later' } | { status: 'refused' };

/** Where a guest pays the deposit of a hold. */
export abstract class DepositLinks {
  /**
   * The checkout link for the reservation's deposit, created (and stored in `payments`) on the first
   * call, inside the caller's transaction.
   */
  abstract linkFor(reservation: ReservationRecord, em: EntityManager): Promise<DepositLink>;
}

/** Backoff of the later attempts: the inbox's row backoff, from WHATSAPP_RETRY_BASE_MS up to 150 times it. */
export function linkRetryDelay(attempts: number, config: AppConfig): number {
  const { baseMs } = config.mercadopago.retry;
  return backoffDelay(attempts, baseMs, baseMs * 150);
}

/**
 * MercadoPago Checkout Pro links. The guest's reply waits on this call inside the inbox row's
 * transaction, so it gets one short attempt (MERCADOPAGO_INLINE_TIMEOUT_MS, and the breaker failing fast
 * while MercadoPago is known to be down) instead of the three-try policy: holding the transaction through
 * backoffs would stall this guest and, on the embedded database, everyone. The retrier has the patience.
 */
@Injectable()
export class MercadoPagoDepositLinks extends DepositLinks {
  private readonly logger = new Logger('DepositLinks');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly client: MercadoPagoClient,
    private readonly requests: DepositRequestsRepository,
    @InjectMetric(DEPOSIT_LINKS) private readonly links: Counter<string>,
  ) {
    super();
  }

  async linkFor(reservation: ReservationRecord, em: EntityManager): Promise<DepositLink> {
    const request =
      (await this.requests.findForUpdate(em, reservation.id)) ??
      (await this.requests.insert(em, {
        reservationId: reservation.id,
        amount: reservation.depositAmount,
        currency: reservation.currency,
      }));
    if (request.checkoutUrl) return { status: 'ready', url: request.checkoutUrl };
    if (request.status === 'link_failed') return { status: 'refused' };
    if (request.status !== 'pending') return { status: 'later' };
    try {
      const created = await this.client.createPreference(
        depositPreference(reservation, this.config),
        preferenceIdempotencyKey(reservation.code),
        { attempts: 1, timeoutMs: this.config.mercadopago.inlineTimeoutMs },
      );
      await this.requests.savePreference(em, request.id, created.id, created.initPoint);
      this.links.inc({ outcome: 'inline' });
      return { status: 'ready', url: created.initPoint };
    } catch (error) {
      const final = isRefusal(error);
      await this.requests.recordFailure(em, request.id, {
        message: (error as Error).message,
        delayMs: linkRetryDelay(request.attempts + 1, this.config),
        final,
        countAttempt: true,
      });
      this.links.inc({ outcome: final ? 'refused' : 'deferred' });
      const line = { code: reservation.code, err: { message: (error as Error).message } };
      if (final) this.logger.error(line, 'deposit_link_refused');
      else this.logger.warn(line, 'deposit_link_deferred');
      return { status: final ? 'refused' : 'later' };
    }
  }
}
