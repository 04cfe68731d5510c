export type CheckStatus = 'ok' | 'slow' | 'error' | 'disabled';
export type IcalStatus = 'ok' | 'stale' | 'error';
export type OverallStatus = 'healthy' | 'degraded' | 'unhealthy';

export interface DependencyCheck {
  status: CheckStatus;
  latency_ms: number | null;
}

export interface HealthReport {
  status: OverallStatus;
  timestamp: string;
  checks: {
    database: DependencyCheck;
    redis: DependencyCheck;
    ical_sync: { status: IcalStatus; max_age_minutes: number | null };
  };
}

export const THRESHOLDS = {
  databaseSlowMs: 500,
  redisSlowMs: 200,
  icalStaleMinutes: 30,
  icalDegradedMinutes: 60,
} as const;

/** The rules of the overall verdict, kept pure so they are tested without any dependency. */
export function overallStatus(checks: HealthReport['checks']): OverallStatus {
  const { database, redis, ical_sync: ical } = checks;
  if (database.status === 'error' || redis.status === 'error') return 'unhealthy';
  if (
    database.status === 'slow' ||
    redis.status === 'slow' ||
    (ical.max_age_minutes !== null && ical.max_age_minutes > THRESHOLDS.icalDegradedMinutes)
  ) {
    return 'degraded';
  }
  return 'healthy';
}

export function latencyStatus(latencyMs: number, slowMs: number): CheckStatus {
  return latencyMs > slowMs ? 'slow' : 'ok';
}

export function icalStatus(maxAgeMinutes: number | null): IcalStatus {
  return maxAgeMinutes !== null && maxAgeMinutes > THRESHOLDS.icalStaleMinutes ? 'stale' : 'ok';
}
