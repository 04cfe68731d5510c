import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { InjectMetric, makeHistogramProvider } from '@willsoto/nestjs-prometheus';
import { randomUUID } from 'node:crypto';
import type { Histogram } from 'prom-client';
import { Lifecycle } from '../common/lifecycle/lifecycle.js';
import { runWithTrace } from '../common/trace/trace-context.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ReservationsService } from '../reservations/reservations.service.js';

export const EXPIRY_JOB_DURATION = 'prereservation_expiry_job_duration_seconds';

export const expiryJobDurationProvider = makeHistogramProvider({
  name: EXPIRY_JOB_DURATION,
  help: 'Duration of one run of the hold-expiry job, by outcome (ok or error)',
  labelNames: ['outcome'],
});

const HOLD_EXPIRY = 'hold-expiry';

/**
 * Expires unpaid holds once at start (holds that lapsed while no replica ran are due now) and then
 * every HOLD_EXPIRY_INTERVAL_SECONDS. A tick that finds the previous run still busy is skipped, so
 * runs never overlap in a replica; across replicas the expiry itself splits the holds (SKIP LOCKED).
 * The work, its logs and the guests' notices belong to ReservationsService; this only schedules it.
 */
@Injectable()
export class HoldExpiryJob implements OnApplicationBootstrap {
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly registry: SchedulerRegistry,
    private readonly lifecycle: Lifecycle,
    private readonly reservations: ReservationsService,
    @InjectMetric(EXPIRY_JOB_DURATION) private readonly duration: Histogram<string>,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.workers.enabled) return;
    const timer = setInterval(() => void this.tick(), this.config.holdExpiry.intervalMs);
    timer.unref();
    this.registry.addInterval(HOLD_EXPIRY, timer);
    this.lifecycle.onDrain(() => this.stop());
    void this.tick();
  }

  /** Starts a run unless one is in progress or the job stopped; resolves when the run ends. */
  tick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    // A trace id per run: its log lines, and the notices' outbox rows (so their sends), share it.
    this.running ??= runWithTrace(randomUUID(), () => this.run()).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** No new runs; resolves once the run in progress (if any) has committed or rolled back. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.registry.doesExist('interval', HOLD_EXPIRY)) this.registry.deleteInterval(HOLD_EXPIRY);
    await this.running;
  }

  private async run(): Promise<void> {
    const end = this.duration.startTimer();
    try {
      await this.reservations.expireDue();
      end({ outcome: 'ok' });
    } catch {
      // expireDue logged expire_reservations_failed with the reason; the next tick tries again.
      end({ outcome: 'error' });
    }
  }
}
