import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { InjectMetric, makeCounterProvider, makeGaugeProvider } from '@willsoto/nestjs-prometheus';
import type { Counter, Gauge } from 'prom-client';
import { InboxProcessor } from '../inbox/inbox.processor.js';
import { MERCADOPAGO_PROVIDER } from './mercadopago-webhook.service.js';

export const PAYMENT_NOTIFICATIONS_REVIVED = 'payments_notifications_revived_total';
export const PAYMENT_NOTIFICATIONS_ABANDONED = 'payments_notifications_abandoned';

export const paymentNotificationsRevivedProvider = makeCounterProvider({
  name: PAYMENT_NOTIFICATIONS_REVIVED,
  help: 'Payment notifications given a new round of attempts after every attempt to fetch the payment failed',
});
export const paymentNotificationsAbandonedProvider = makeGaugeProvider({
  name: PAYMENT_NOTIFICATIONS_ABANDONED,
  help: 'Payment notifications still unprocessed past the revival window: a person must look; alert when above 0',
});

/** A dead notification waits this long before its next round: MercadoPago was just seen failing. */
const REVIVE_AFTER_MINUTES = 15;
/** Beyond this from its arrival a notification is left to a person (the gauge above says how many). */
const REVIVE_WITHIN_HOURS = 24;
const BATCH = 100;

/**
 * The inbox gives a notification a few attempts over minutes; MercadoPago can be down for longer,
 * and it will not notify again once we answered 200. So a payment notification that died is put back
 * in the inbox every REVIVE_AFTER_MINUTES for a day: processing is idempotent, and the payment itself
 * is fetched again each time. Safe with N replicas (SKIP LOCKED).
 */
@Injectable()
export class PaymentNotificationRevival {
  private readonly logger = new Logger('Payments');

  constructor(
    private readonly orm: MikroORM,
    private readonly inbox: InboxProcessor,
    @InjectMetric(PAYMENT_NOTIFICATIONS_REVIVED) private readonly revived: Counter<string>,
    @InjectMetric(PAYMENT_NOTIFICATIONS_ABANDONED) private readonly abandoned: Gauge<string>,
  ) {}

  /** Revives the due notifications and refreshes the abandoned gauge; resolves with how many were revived. */
  async run(): Promise<number> {
    const em = this.orm.em.fork();
    const rows = await em.execute<{ id: string; external_id: string; revivals: number }[]>(
      `update inbound_events
          set status = 'pending', attempts = 0, next_attempt_at = now(), processed_at = null,
              revivals = revivals + 1
        where id in (
          select id from inbound_events
           where provider = ? and kind = 'payment' and status = 'dead'
             and processed_at < now() - ? * interval '1 minute'
             and received_at > now() - ? * interval '1 hour'
           order by id limit ? for update skip locked)
        returning id::text as id, external_id, revivals`,
      [MERCADOPAGO_PROVIDER, REVIVE_AFTER_MINUTES, REVIVE_WITHIN_HOURS, BATCH],
    );
    for (const row of rows) {
      this.logger.warn(
        { inbound_id: row.id, external_id: row.external_id, revivals: row.revivals },
        'payment_notification_revived',
      );
    }
    if (rows.length > 0) {
      this.revived.inc(rows.length);
      this.inbox.nudge();
    }
    const [left] = await em.execute<{ count: string }[]>(
      `select count(*)::text as count from inbound_events
        where provider = ? and kind = 'payment' and status = 'dead'
          and received_at <= now() - ? * interval '1 hour'`,
      [MERCADOPAGO_PROVIDER, REVIVE_WITHIN_HOURS],
    );
    this.abandoned.set(Number(left?.count ?? 0));
    return rows.length;
  }
}
