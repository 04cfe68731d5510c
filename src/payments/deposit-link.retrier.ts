import { MikroORM } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';
import { maskPhone } from '../common/logging/redaction.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { OutboxWriter } from '../messaging/outbox/outbox.writer.js';
import { depositLinkMessage, depositLinkUnavailableMessage } from '../messaging/templates/deposit-link.js';
import { ReservationsService } from '../reservations/reservations.service.js';
import { linkRetryDelay } from './deposit-links.js';
import { DepositRequestsRepository, type DueLink } from './deposit-requests.repository.js';
import { depositPreference, preferenceIdempotencyKey } from './deposit-preference.js';
import { isRefusal } from './mercadopago/mercadopago-api.error.js';
import { MercadoPagoClient } from './mercadopago/mercadopago.client.js';
import { DEPOSIT_LINKS } from './payments.metrics.js';

/** Longer than a creation with its three tries and backoffs; a crash frees the row after this. */
const LEASE_MS = 2 * 60_000;
const BATCH = 20;

/**
 * The later path of a deposit link that could not be created with the pre-reservation reply: claims
 * the due requests of live holds, creates the preference with the full retry policy (outside any
 * transaction), then stores it and queues the link for the guest in one transaction. The outbox
 * dedupe key makes the message one per reservation whatever runs twice.
 */
@Injectable()
export class DepositLinkRetrier {
  private readonly logger = new Logger('DepositLinks');

  constructor(
    private readonly orm: MikroORM,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly client: MercadoPagoClient,
    private readonly requests: DepositRequestsRepository,
    private readonly reservations: ReservationsService,
    private readonly outbox: OutboxWriter,
    @InjectMetric(DEPOSIT_LINKS) private readonly links: Counter<string>,
  ) {}

  /** One pass over the due requests; resolves with how many links were sent. */
  async retryDue(): Promise<number> {
    const due = await this.orm.em.fork().transactional((tx) => this.requests.claimDue(tx, LEASE_MS, BATCH));
    let sent = 0;
    for (const link of due) if (await this.retry(link)) sent++;
    if (sent > 0) this.outbox.committed();
    return sent;
  }

  private async retry(link: DueLink): Promise<boolean> {
    const reservation = await this.reservations.findByCode(link.code);
    if (!reservation || reservation.status !== 'pre_reserved') return false;
    try {
      const created = await this.client.createPreference(
        depositPreference(reservation, this.config),
        preferenceIdempotencyKey(reservation.code),
      );
      const queued = await this.orm.em.fork().transactional(async (tx) => {
        if (!(await this.requests.savePreference(tx, link.id, created.id, created.initPoint))) return false;
        await this.outbox.enqueue(tx, {
          kind: 'text',
          to: reservation.guestPhone,
          dedupeKey: `deposit-link:${reservation.code}`,
          text: depositLinkMessage({
            code: reservation.code,
            placeName: reservation.accommodation.name,
            checkIn: reservation.checkIn,
            checkOut: reservation.checkOut,
            deposit: reservation.depositAmount,
            link: created.initPoint,
          }),
        });
        return true;
      });
      if (queued) {
        this.links.inc({ outcome: 'retried' });
        this.logger.log(
          { code: reservation.code, guest_phone: maskPhone(reservation.guestPhone), attempt: link.attempts },
          'deposit_link_sent_later',
        );
      }
      return queued;
    } catch (error) {
      const final = isRefusal(error);
      await this.orm.em.fork().transactional(async (tx) => {
        await this.requests.recordFailure(tx, link.id, {
          message: (error as Error).message,
          delayMs: linkRetryDelay(link.attempts + 1, this.config),
          final,
          countAttempt: false,
        });
        // The guest was told the link would follow; the same key as the link keeps it one message.
        if (final)
          await this.outbox.enqueue(tx, {
            kind: 'text',
            to: reservation.guestPhone,
            dedupeKey: `deposit-link:${reservation.code}`,
            text: depositLinkUnavailableMessage({
              code: reservation.code,
              placeName: reservation.accommodation.name,
              checkIn: reservation.checkIn,
              checkOut: reservation.checkOut,
            }),
          });
      });
      if (final) this.outbox.committed();
      if (final) this.links.inc({ outcome: 'refused' });
      const line = { code: link.code, attempt: link.attempts, err: { message: (error as Error).message } };
      if (final) this.logger.error(line, 'deposit_link_refused');
      else this.logger.warn(line, 'deposit_link_retry_scheduled');
      return false;
    }
  }
}
