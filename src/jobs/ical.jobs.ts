import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { IcalSyncService } from '../calendar/ical-sync.service.js';
import { Lifecycle } from '../common/lifecycle/lifecycle.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';

const ICAL_SYNC = 'ical-sync';

/**
 * Imports the channels' calendars every ICAL_SYNC_INTERVAL_MINUTES and once at start. Safe with N
 * replicas: each feed is leased by one runner (see IcalSyncService); a tick during a running pass
 * asks for one more pass, not a parallel one.
 */
@Injectable()
export class IcalJobs implements OnApplicationBootstrap {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly registry: SchedulerRegistry,
    private readonly lifecycle: Lifecycle,
    private readonly sync: IcalSyncService,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.workers.enabled) return;
    const timer = setInterval(() => this.sync.nudge(), this.config.ical.syncIntervalMinutes * 60_000);
    timer.unref();
    this.registry.addInterval(ICAL_SYNC, timer);
    this.sync.nudge();
    this.lifecycle.onDrain(async () => {
      if (this.registry.doesExist('interval', ICAL_SYNC)) this.registry.deleteInterval(ICAL_SYNC);
      await this.sync.stop();
    });
  }
}
