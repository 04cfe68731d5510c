export interface RetryPolicy {
  /** Total attempts, the first one included. */
  attempts: number;
  baseMs: number;
  maxMs: number;
  isRetryable(error: unknown): boolean;
  /** A server-mandated wait (Retry-After), honoured up to maxMs. */
  retryAfterMs?(error: unknown): number | undefined;
  /** Called before each wait; `attempt` is the number of the attempt about to start (2, 3, ...). */
  onRetry?(attempt: number, delayMs: number, error: unknown): void;
  sleep?(ms: number): Promise<void>;
  random?(): number;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Exponential backoff with jitter: the wait before retry n is base·2^(n-1), capped, minus up to 20 %.
 * Taking off rather than adding keeps the cap a real cap, and since each step doubles, waits still grow.
 */
export function backoffDelay(retry: number, baseMs: number, maxMs: number, random = Math.random): number {
  const exponential = Math.min(maxMs, baseMs * 2 ** Math.max(0, retry - 1));
  return Math.round(exponential * (1 - 0.2 * random()));
}

export async function retry<T>(policy: RetryPolicy, fn: (attempt: number) => Promise<T>): Promise<T> {
  const sleep = policy.sleep ?? defaultSleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (attempt >= policy.attempts || !policy.isRetryable(error)) throw error;
      const mandated = policy.retryAfterMs?.(error);
      const delay =
        mandated !== undefined
          ? Math.min(Math.max(0, mandated), policy.maxMs)
          : backoffDelay(attempt, policy.baseMs, policy.maxMs, policy.random);
      policy.onRetry?.(attempt + 1, delay, error);
      await sleep(delay);
    }
  }
}

/** `Retry-After` is either delta-seconds or an HTTP date. */
export function parseRetryAfter(header: string | null | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
