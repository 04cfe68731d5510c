import { jest } from '@jest/globals';
import { SchedulerRegistry } from '@nestjs/schedule';
import { Histogram, Registry } from 'prom-client';
import { Lifecycle } from '../../../src/common/lifecycle/lifecycle.js';
import { currentTraceId } from '../../../src/common/trace/trace-context.js';
import { loadConfig } from '../../../src/config/app-config.js';
import { EXPIRY_JOB_DURATION, HoldExpiryJob } from '../../../src/jobs/hold-expiry.job.js';
import type { ReservationsService } from '../../../src/reservations/reservations.service.js';

const INTERVAL_MS = 60_000;

/** A run the test ends when it wants: `expireDue` resolves or rejects on demand. */
class ControlledRuns {
  calls = 0;
  readonly traceIds: (string | undefined)[] = [];
  private settle: { resolve: () => void; reject: (e: Error) => void } | undefined;

  readonly service = {
    expireDue: () => {
      this.calls++;
      this.traceIds.push(currentTraceId());
      return new Promise<[]>((resolve, reject) => {
        this.settle = { resolve: () => resolve([]), reject };
      });
    },
  } as unknown as ReservationsService;

  async finish(error?: Error): Promise<void> {
    const settle = this.settle!;
    this.settle = undefined;
    if (error) settle.reject(error);
    else settle.resolve();
    // Let the job's finally() run.
    await Promise.resolve();
    await Promise.resolve();
  }
}

describe('hold-expiry job', () => {
  let runs: ControlledRuns;
  let registry: SchedulerRegistry;
  let lifecycle: Lifecycle;
  let metrics: Registry;
  let job: HoldExpiryJob;

  const start = (env: Record<string, string> = {}) => {
    const histogram = new Histogram({
      name: EXPIRY_JOB_DURATION,
      help: 'test',
      labelNames: ['outcome'],
      registers: [metrics],
    });
    job = new HoldExpiryJob(loadConfig(env), registry, lifecycle, runs.service, histogram);
    job.onApplicationBootstrap();
  };
  const observed = async (outcome: string) => {
    const metric = await metrics.getSingleMetric(EXPIRY_JOB_DURATION)!.get();
    const count = metric.values.find(
      (v) =>
        (v as { metricName?: string }).metricName === `${EXPIRY_JOB_DURATION}_count` &&
        v.labels.outcome === outcome,
    );
    return count?.value ?? 0;
  };

  beforeEach(() => {
    jest.useFakeTimers();
    runs = new ControlledRuns();
    registry = new SchedulerRegistry();
    lifecycle = new Lifecycle();
    metrics = new Registry();
  });
  afterEach(async () => {
    await job.stop();
    jest.useRealTimers();
  });

  it('runs once at start, then every HOLD_EXPIRY_INTERVAL_SECONDS', async () => {
    start();
    expect(runs.calls).toBe(1);
    await runs.finish();
    jest.advanceTimersByTime(INTERVAL_MS - 1);
    expect(runs.calls).toBe(1);
    jest.advanceTimersByTime(1);
    expect(runs.calls).toBe(2);
    await runs.finish();
    expect(await observed('ok')).toBe(2);
  });

  it('honours a configured interval', async () => {
    start({ HOLD_EXPIRY_INTERVAL_SECONDS: '5' });
    await runs.finish();
    jest.advanceTimersByTime(5_000);
    expect(runs.calls).toBe(2);
    await runs.finish();
  });

  it('skips ticks while a run is still going, instead of stacking runs', async () => {
    start();
    jest.advanceTimersByTime(INTERVAL_MS * 3);
    expect(runs.calls).toBe(1);
    await runs.finish();
    jest.advanceTimersByTime(INTERVAL_MS);
    expect(runs.calls).toBe(2);
    await runs.finish();
  });

  it('records a failed run with outcome=error and tries again at the next tick', async () => {
    start();
    await runs.finish(new Error('connection terminated'));
    expect(await observed('error')).toBe(1);
    expect(await observed('ok')).toBe(0);
    jest.advanceTimersByTime(INTERVAL_MS);
    expect(runs.calls).toBe(2);
    await runs.finish();
    expect(await observed('ok')).toBe(1);
  });

  it('on drain: waits for the run in progress, then never runs again', async () => {
    start();
    let drained = false;
    const drain = lifecycle.drain().then(() => {
      drained = true;
    });
    await Promise.resolve();
    expect(drained).toBe(false);
    await runs.finish();
    await drain;
    expect(drained).toBe(true);
    expect(registry.doesExist('interval', 'hold-expiry')).toBe(false);
    jest.advanceTimersByTime(INTERVAL_MS * 5);
    await job.tick();
    expect(runs.calls).toBe(1);
  });

  it('gives each run a trace id of its own (its logs and the notices it queues carry it)', async () => {
    start();
    await runs.finish();
    jest.advanceTimersByTime(INTERVAL_MS);
    await runs.finish();
    const [first, second] = runs.traceIds;
    expect(first).toMatch(/^[0-9a-f-]{36}$/);
    expect(second).toMatch(/^[0-9a-f-]{36}$/);
    expect(second).not.toBe(first);
  });

  it('does nothing on a replica with WORKERS_ENABLED=false', () => {
    start({ WORKERS_ENABLED: 'false' });
    jest.advanceTimersByTime(INTERVAL_MS * 5);
    expect(runs.calls).toBe(0);
    expect(registry.getIntervals()).toEqual([]);
  });
});
