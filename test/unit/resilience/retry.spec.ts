import { backoffDelay, parseRetryAfter, retry } from '../../../src/common/resilience/retry.js';

class Retryable extends Error {
  constructor(readonly retryAfterMs?: number) {
    super('retryable');
  }
}

function policy(overrides: Partial<Parameters<typeof retry>[0]> = {}) {
  const waits: number[] = [];
  return {
    waits,
    policy: {
      attempts: 3,
      baseMs: 2_000,
      maxMs: 10_000,
      isRetryable: (error: unknown) => error instanceof Retryable,
      retryAfterMs: (error: unknown) => (error instanceof Retryable ? error.retryAfterMs : undefined),
      sleep: async (ms: number) => {
        waits.push(ms);
      },
      ...overrides,
    },
  };
}

describe('retry', () => {
  it('makes 3 attempts with growing waits, then gives up with the last error', async () => {
    const { waits, policy: p } = policy();
    let calls = 0;
    await expect(
      retry(p, async () => {
        calls++;
        throw new Retryable();
      }),
    ).rejects.toBeInstanceOf(Retryable);
    expect(calls).toBe(3);
    expect(waits).toHaveLength(2);
    expect(waits[1]!).toBeGreaterThan(waits[0]!);
    expect(waits[0]!).toBeGreaterThanOrEqual(1_600);
    expect(waits[0]!).toBeLessThanOrEqual(2_000);
    expect(waits[1]!).toBeGreaterThanOrEqual(3_200);
    expect(waits[1]!).toBeLessThanOrEqual(4_000);
  });

  it('does not retry an error that is not retryable', async () => {
    const { waits, policy: p } = policy();
    let calls = 0;
    await expect(
      retry(p, async () => {
        calls++;
        throw new Error('400');
      }),
    ).rejects.toThrow('400');
    expect(calls).toBe(1);
    expect(waits).toEqual([]);
  });

  it('returns the first success', async () => {
    const { policy: p } = policy();
    let calls = 0;
    const result = await retry(p, async (attempt) => {
      calls++;
      if (attempt < 2) throw new Retryable();
      return 'ok';
    });
    expect(result).toBe('ok');
    expect(calls).toBe(2);
  });

  it('honours Retry-After, but never beyond the cap', async () => {
    const { waits, policy: p } = policy();
    let call = 0;
    await retry(p, async () => {
      call++;
      if (call === 1) throw new Retryable(3_000);
      if (call === 2) throw new Retryable(60_000);
      return 'ok';
    });
    expect(waits).toEqual([3_000, 10_000]);
  });

  it('reports each retry with the number of the attempt about to start', async () => {
    const seen: number[] = [];
    const { policy: p } = policy({ onRetry: (attempt) => seen.push(attempt) });
    await expect(
      retry(p, async () => {
        throw new Retryable();
      }),
    ).rejects.toBeInstanceOf(Retryable);
    expect(seen).toEqual([2, 3]);
  });
});

describe('backoffDelay', () => {
  it('doubles from the base, stays under the cap, and jitters down by at most 20 %', () => {
    expect(backoffDelay(1, 2_000, 10_000, () => 0)).toBe(2_000);
    expect(backoffDelay(2, 2_000, 10_000, () => 0)).toBe(4_000);
    expect(backoffDelay(3, 2_000, 10_000, () => 0)).toBe(8_000);
    expect(backoffDelay(4, 2_000, 10_000, () => 0)).toBe(10_000);
    expect(backoffDelay(9, 2_000, 10_000, () => 0.999)).toBeGreaterThanOrEqual(8_000);
    expect(backoffDelay(1, 2_000, 10_000, () => 1)).toBe(1_600);
  });
});

describe('parseRetryAfter', () => {
  it('reads delta seconds and HTTP dates', () => {
    const now = Date.parse('2026-01-10T12:00:00Z');
    expect(parseRetryAfter('7', now)).toBe(7_000);
    expect(parseRetryAfter('Sat, 10 Jan 2026 12:00:05 GMT', now)).toBe(5_000);
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});
