import type { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import type { MercadoPagoPayment } from '../../payments/mercadopago/mercadopago.types.js';
import { PaymentConfirmations } from '../../payments/payment-confirmations.js';
import { InboxEventHandler, type AfterCommit, type ClaimedEvent } from '../inbox/inbox-event-handler.js';
import type { StoredPaymentNotification } from './mercadopago-payload.js';
import { MERCADOPAGO_PROVIDER } from './mercadopago-webhook.service.js';

/** Beyond the fetch's own worst case: the final transaction and a slow scheduler. */
const LEASE_MARGIN_MS = 30_000;

class PaymentNotFetched extends Error {
  override name = 'PaymentNotFetched';
}

/**
 * MercadoPago inbox rows. The payment is fetched while the row is leased, outside any transaction
 * (MercadoPago may be slow or down: the row then fails the attempt and retries with the inbox's
 * backoff, nothing lost); the decision runs in the row's transaction, and a message it queued is
 * sent right after the commit.
 */
@Injectable()
export class MercadoPagoInboxHandler extends InboxEventHandler {
  readonly provider = MERCADOPAGO_PROVIDER;
  override readonly preparationLeaseMs: number;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly payments: PaymentConfirmations,
  ) {
    super();
    const { attempts, maxMs } = config.mercadopago.retry;
    this.preparationLeaseMs = attempts * (config.mercadopago.timeoutMs + maxMs) + LEASE_MARGIN_MS;
  }

  override needsPreparation(event: ClaimedEvent): boolean {
    return event.kind === 'payment';
  }

  override async prepare(event: ClaimedEvent): Promise<object> {
    const notification = event.payload as unknown as StoredPaymentNotification;
    return this.payments.fetch(notification.payment_id);
  }

  async handle(event: ClaimedEvent, em: EntityManager): Promise<AfterCommit | void> {
    const payment = event.prepared as MercadoPagoPayment | null;
    if (!payment) throw new PaymentNotFetched(`payment of inbound event ${event.id} was not fetched`);
    const applied = await this.payments.apply(payment, em);
    return applied.afterCommit;
  }
}
