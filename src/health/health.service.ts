import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { IcalSyncStatus } from '../calendar/ical-sync-status.js';
import { KeyValueStore } from '../redis/key-value-store.js';
import {
  icalStatus,
  latencyStatus,
  overallStatus,
  THRESHOLDS,
  type DependencyCheck,
  type HealthReport,
} from './health-report.js';

/** A hung dependency must not hang the probe: each check gives up after its own timeout. */
const TIMEOUT_MS = { database: 2_000, redis: 1_000, ical: 2_000 } as const;

@Injectable()
export class HealthService {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly em: EntityManager,
    private readonly store: KeyValueStore,
    private readonly icalSync: IcalSyncStatus,
  ) {}

  async report(): Promise<HealthReport> {
    const [database, redis, ical] = await Promise.all([
      this.timed('database', TIMEOUT_MS.database, THRESHOLDS.databaseSlowMs, async () => {
        await this.em.fork().execute('select 1');
      }),
      this.store.kind === 'memory'
        ? Promise.resolve<DependencyCheck>({ status: 'disabled', latency_ms: null })
        : this.timed('redis', TIMEOUT_MS.redis, THRESHOLDS.redisSlowMs, () => this.store.ping()),
      this.icalAge(),
    ]);
    const checks = { database, redis, ical_sync: ical };
    return { status: overallStatus(checks), timestamp: new Date().toISOString(), checks };
  }

  private async timed(
    key: string,
    timeoutMs: number,
    slowMs: number,
    probe: () => Promise<void>,
  ): Promise<DependencyCheck> {
    const started = performance.now();
    const result = await this.indicators.check(key).attempt(probe).withTimeout(timeoutMs);
    const latency = Math.round((performance.now() - started) * 10) / 10;
    if (result[key]?.status !== 'up') return { status: 'error', latency_ms: latency };
    return { status: latencyStatus(latency, slowMs), latency_ms: latency };
  }

  private async icalAge(): Promise<HealthReport['checks']['ical_sync']> {
    let age: number | null = null;
    const result = await this.indicators
      .check('ical')
      .attempt(async () => {
        age = await this.icalSync.maxAgeMinutes();
      })
      .withTimeout(TIMEOUT_MS.ical);
    if (result.ical?.status !== 'up') return { status: 'error', max_age_minutes: null };
    return { status: icalStatus(age), max_age_minutes: age };
  }
}
