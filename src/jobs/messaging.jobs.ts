import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { Lifecycle } from '../common/lifecycle/lifecycle.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { OutboxDispatcher } from '../messaging/outbox/outbox.dispatcher.js';
import { InboxProcessor } from '../webhooks/inbox/inbox.processor.js';

const OUTBOX_DISPATCH = 'outbox-dispatch';
const INBOX_SWEEP = 'inbox-sweep';

/**
 * The safety nets behind the in-process nudges: rows left by a crash, by another replica, or waiting
 * out a backoff are picked up here. Safe with N replicas because the work itself claims rows with
 * SKIP LOCKED; a tick that finds its previous run still busy is skipped.
 */
@Injectable()
export class MessagingJobs implements OnApplicationBootstrap {
  private readonly logger = new Logger('Jobs');
  private readonly busy = new Set<string>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly registry: SchedulerRegistry,
    private readonly lifecycle: Lifecycle,
    private readonly dispatcher: OutboxDispatcher,
    private readonly inbox: InboxProcessor,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.workers.enabled) return;
    this.every(OUTBOX_DISPATCH, this.config.outbox.dispatchIntervalMs, async () => {
      await this.dispatcher.dispatchDue();
      await this.dispatcher.refreshBacklog();
    });
    this.every(INBOX_SWEEP, this.config.inbox.sweepIntervalMs, () => this.inbox.drain());
    // Rows left behind by the previous run of this replica are due now, not at the first tick.
    this.inbox.nudge();
    this.dispatcher.nudge();
    this.lifecycle.onDrain(async () => {
      for (const name of [OUTBOX_DISPATCH, INBOX_SWEEP]) {
        if (this.registry.doesExist('interval', name)) this.registry.deleteInterval(name);
      }
      await Promise.all([this.inbox.stop(), this.dispatcher.stop()]);
    });
  }

  private every(name: string, ms: number, work: () => Promise<void>): void {
    const timer = setInterval(() => {
      if (this.busy.has(name)) return;
      this.busy.add(name);
      work()
        .catch((error: unknown) =>
          this.logger.error({ job: name, err: { message: (error as Error).message } }, 'job_failed'),
        )
        .finally(() => this.busy.delete(name));
    }, ms);
    timer.unref();
    this.registry.addInterval(name, timer);
  }
}
