import { Logger } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';

type Record = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * Rate limits live in Redis so replicas share them, but a Redis outage must not turn every request
 * into a 500: while Redis fails, each replica counts on its own in memory.
 */
export class FailOpenThrottlerStorage implements ThrottlerStorage {
  private readonly logger = new Logger('RateLimit');
  private degraded = false;

  constructor(
    private readonly primary: ThrottlerStorage,
    private readonly fallback: ThrottlerStorage,
  ) {}

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<Record> {
    try {
      const record = await this.primary.increment(key, ttl, limit, blockDuration, throttlerName);
      if (this.degraded) this.logger.log('rate_limit_store_recovered');
      this.degraded = false;
      return record;
    } catch (error) {
      if (!this.degraded) {
        this.logger.warn({ err: { message: (error as Error).message } }, 'rate_limit_store_degraded');
      }
      this.degraded = true;
      return this.fallback.increment(key, ttl, limit, blockDuration, throttlerName);
    }
  }
}
