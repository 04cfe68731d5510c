import { icalStatus, latencyStatus, overallStatus } from '../../../src/health/health-report.js';

const ok = { status: 'ok' as const, latency_ms: 1 };
const ical = (age: number | null) => ({ status: icalStatus(age), max_age_minutes: age });

describe('health verdict', () => {
  it('is healthy when everything answers quickly', () => {
    expect(overallStatus({ database: ok, redis: ok, ical_sync: ical(null) })).toBe('healthy');
    expect(
      overallStatus({ database: ok, redis: { status: 'disabled', latency_ms: null }, ical_sync: ical(5) }),
    ).toBe('healthy');
  });

  it('is unhealthy when the database or Redis fails', () => {
    expect(
      overallStatus({ database: { status: 'error', latency_ms: 2 }, redis: ok, ical_sync: ical(null) }),
    ).toBe('unhealthy');
    expect(
      overallStatus({ database: ok, redis: { status: 'error', latency_ms: 2 }, ical_sync: ical(null) }),
    ).toBe('unhealthy');
  });

  it('is degraded when a dependency is slow', () => {
    expect(latencyStatus(501, 500)).toBe('slow');
    expect(latencyStatus(500, 500)).toBe('ok');
    expect(
      overallStatus({ database: { status: 'slow', latency_ms: 600 }, redis: ok, ical_sync: ical(null) }),
    ).toBe('degraded');
  });

  it('marks calendars stale after 30 minutes and degrades after 60', () => {
    expect(ical(30).status).toBe('ok');
    expect(ical(31).status).toBe('stale');
    expect(overallStatus({ database: ok, redis: ok, ical_sync: ical(45) })).toBe('healthy');
    expect(overallStatus({ database: ok, redis: ok, ical_sync: ical(61) })).toBe('degraded');
  });
});
