import type { Logger } from '@nestjs/common';
import type { Counter } from 'prom-client';
import type { CircuitBreaker } from './circuit-breaker.js';
import { retry, type RetryPolicy } from './retry.js';

export interface GuardedCallPolicy extends Omit<RetryPolicy, 'onRetry'> {
  /** Names the retry log line: `<service>_call_retry_scheduled`. */
  service: string;
  /** Counts each scheduled retry, labelled with the attempt about to start. */
  retries: Counter<string>;
  logger: Logger;
  /** The error as the retry log line shows it (default: its message). */
  describe?(error: unknown): Record<string, unknown>;
}

const messageOf = (error: unknown): Record<string, unknown> => ({ message: (error as Error).message });

/**
 * How every external client calls out: each attempt goes through the service's circuit breaker and the
 * retry policy wraps it, so an open circuit ends the retries at once (nothing reaches the API); each
 * scheduled retry is counted and logged.
 */
export function callThroughBreaker<T>(
  breaker: CircuitBreaker,
  policy: GuardedCallPolicy,
  attempt: () => Promise<T>,
): Promise<T> {
  const { service, retries, logger, describe = messageOf, ...retryPolicy } = policy;
  return retry(
    {
      ...retryPolicy,
      onRetry: (next, delayMs, error) => {
        retries.inc({ attempt: String(next) });
        logger.warn(
          { attempt: next, delay_ms: delayMs, err: describe(error) },
          `${service}_call_retry_scheduled`,
        );
      },
    },
    () => breaker.run(attempt),
  );
}
