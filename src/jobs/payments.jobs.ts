import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { Lifecycle } from '../common/lifecycle/lifecycle.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { DepositLinkRetrier } from '../payments/deposit-link.retrier.js';

const DEPOSIT_LINK_RETRY = 'deposit-link-retry';
/** Often enough that a link lost to an outage follows within seconds of MercadoPago's return. */
const DEPOSIT_LINK_RETRY_INTERVAL_MS = 10_000;

/**
 * Creates the deposit links that MercadoPago could not give with the pre-reservation reply. Safe with
 * N replicas: the retrier claims rows with SKIP LOCKED; a tick that finds the last run busy is skipped.
 */
@Injectable()
export class PaymentsJobs implements OnApplicationBootstrap {
  private readonly logger = new Logger('Jobs');
  private busy = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly registry: SchedulerRegistry,
    private readonly lifecycle: Lifecycle,
    private readonly links: DepositLinkRetrier,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.workers.enabled) return;
    let running: Promise<unknown> = Promise.resolve();
    const timer = setInterval(() => {
      if (this.busy) return;
      this.busy = true;
      running = this.links
        .retryDue()
        .catch((error: unknown) =>
          this.logger.error(
            { job: DEPOSIT_LINK_RETRY, err: { message: (error as Error).message } },
            'job_failed',
          ),
        )
        .finally(() => (this.busy = false));
    }, DEPOSIT_LINK_RETRY_INTERVAL_MS);
    timer.unref();
    this.registry.addInterval(DEPOSIT_LINK_RETRY, timer);
    this.lifecycle.onDrain(async () => {
      if (this.registry.doesExist('interval', DEPOSIT_LINK_RETRY)) {
        this.registry.deleteInterval(DEPOSIT_LINK_RETRY);
      }
      await running;
    });
  }
}
