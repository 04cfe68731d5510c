import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { Lifecycle } from '../common/lifecycle/lifecycle.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { DepositLinkRetrier } from '../payments/deposit-link.retrier.js';
import { PaymentNotificationRevival } from '../webhooks/mercadopago/payment-notification-revival.js';

const DEPOSIT_LINK_RETRY = 'deposit-link-retry';
/** Often enough that a link lost to an outage follows within seconds of MercadoPago's return. */
const DEPOSIT_LINK_RETRY_INTERVAL_MS = 10_000;
const NOTIFICATION_REVIVAL = 'payment-notification-revival';
/** The revival itself waits 15 minutes per notification; this only bounds how late it notices. */
const NOTIFICATION_REVIVAL_INTERVAL_MS = 60_000;

/**
 * Creates the deposit links that MercadoPago could not give with the pre-reservation reply, and puts
 * back payment notifications that died while MercadoPago was down. Safe with N replicas: both claim
 * rows with SKIP LOCKED; a tick that finds its last run busy is skipped.
 */
@Injectable()
export class PaymentsJobs implements OnApplicationBootstrap {
  private readonly logger = new Logger('Jobs');
  private readonly running = new Map<string, Promise<unknown>>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly registry: SchedulerRegistry,
    private readonly lifecycle: Lifecycle,
    private readonly links: DepositLinkRetrier,
    private readonly revival: PaymentNotificationRevival,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.workers.enabled) return;
    this.every(DEPOSIT_LINK_RETRY, DEPOSIT_LINK_RETRY_INTERVAL_MS, () => this.links.retryDue());
    this.every(NOTIFICATION_REVIVAL, NOTIFICATION_REVIVAL_INTERVAL_MS, () => this.revival.run());
    this.lifecycle.onDrain(async () => {
      for (const name of [DEPOSIT_LINK_RETRY, NOTIFICATION_REVIVAL]) {
        if (this.registry.doesExist('interval', name)) this.registry.deleteInterval(name);
      }
      await Promise.all(this.running.values());
    });
  }

  private every(name: string, ms: number, work: () => Promise<unknown>): void {
    const timer = setInterval(() => {
      if (this.running.has(name)) return;
      this.running.set(
        name,
        work()
          .catch((error: unknown) =>
            this.logger.error({ job: name, err: { message: (error as Error).message } }, 'job_failed'),
          )
          .finally(() => this.running.delete(name)),
      );
    }, ms);
    timer.unref();
    this.registry.addInterval(name, timer);
  }
}
