import { HealthIndicatorService } from '@nestjs/terminus';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { IcalSyncStatus } from '../../../src/calendar/ical-sync-status.js';
import { HealthService } from '../../../src/health/health.service.js';
import type { KeyValueStore } from '../../../src/redis/key-value-store.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const never = () => new Promise<never>(() => undefined);

function service(opts: {
  db?: () => Promise<unknown>;
  redis?: (() => Promise<unknown>) | 'memory';
  icalAge?: () => Promise<number | null>;
}) {
  const em = {
    fork: () => ({ execute: opts.db ?? (async () => [{ '?column?': 1 }]) }),
  } as unknown as EntityManager;
  const store = {
    kind: opts.redis === 'memory' ? 'memory' : 'redis',
    ping: opts.redis === 'memory' ? undefined : (opts.redis ?? (async () => undefined)),
  } as unknown as KeyValueStore;
  const ical = { maxAgeMinutes: opts.icalAge ?? (async () => null) } as unknown as IcalSyncStatus;
  return new HealthService(new HealthIndicatorService(), em, store, ical);
}

describe('HealthService', () => {
  it('reports ok with latencies when both dependencies answer', async () => {
    const report = await service({}).report();
    expect(report.status).toBe('healthy');
    expect(report.checks.database).toEqual({ status: 'ok', latency_ms: expect.any(Number) });
    expect(report.checks.redis).toEqual({ status: 'ok', latency_ms: expect.any(Number) });
  });

  it('reports Redis as disabled with the in-memory store', async () => {
    const report = await service({ redis: 'memory' }).report();
    expect(report.checks.redis).toEqual({ status: 'disabled', latency_ms: null });
    expect(report.status).toBe('healthy');
  });

  it('is unhealthy when the database query fails', async () => {
    const report = await service({
      db: async () => Promise.reject(new Error('connection refused')),
    }).report();
    expect(report.checks.database.status).toBe('error');
    expect(report.status).toBe('unhealthy');
  });

  it('is unhealthy when Redis fails', async () => {
    const report = await service({ redis: async () => Promise.reject(new Error('ECONNREFUSED')) }).report();
    expect(report.checks.redis.status).toBe('error');
    expect(report.status).toBe('unhealthy');
  });

  it('is degraded when Redis answers slowly', async () => {
    const report = await service({ redis: () => sleep(260) }).report();
    expect(report.checks.redis.status).toBe('slow');
    expect(report.status).toBe('degraded');
  });

  it('is degraded when the database answers slowly', async () => {
    const report = await service({ db: () => sleep(560) }).report();
    expect(report.checks.database.status).toBe('slow');
    expect(report.status).toBe('degraded');
  });

  it('gives up on a hung Redis instead of hanging the probe', async () => {
    const report = await service({ redis: never }).report();
    expect(report.checks.redis.status).toBe('error');
    expect(report.checks.redis.latency_ms).toBeLessThan(5_000);
  });

  it('reports stale calendars and degrades past an hour', async () => {
    const report = await service({ icalAge: async () => 75 }).report();
    expect(report.checks.ical_sync).toEqual({ status: 'stale', max_age_minutes: 75 });
    expect(report.status).toBe('degraded');
  });
});
