import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import { KeyValueStore } from './key-value-store.js';

/**
 * ioredis tuned to fail fast: no offline queue and short timeouts, so a Redis outage turns into quick
 * errors that callers degrade around, while reconnection keeps trying in the background.
 */
export function createRedisClient(url: string, name: string): Redis {
  const logger = new Logger('Redis');
  const client = new Redis(url, {
    connectionName: `estadia-${name}`,
    connectTimeout: 2_000,
    commandTimeout: 1_000,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    lazyConnect: true,
    retryStrategy: (attempt) => Math.min(attempt * 250, 2_000),
  });
  let healthy = true;
  client.on('error', (error: Error) => {
    if (healthy) logger.warn({ err: { message: error.message } }, 'redis_connection_error');
    healthy = false;
  });
  client.on('ready', () => {
    if (!healthy) logger.log('redis_reconnected');
    healthy = true;
  });
  return client;
}

export class RedisStore extends KeyValueStore {
  readonly kind = 'redis' as const;

  constructor(readonly client: Redis) {
    super();
  }

  async setIfAbsent(key: string, value: string, ttlSeconds: number): Promise<boolean> {
    return (await this.client.set(key, value, 'EX', ttlSeconds, 'NX')) === 'OK';
  }

  async get(key: string): Promise<string | null> {
    return this.client.get(key);
  }

  async delete(key: string): Promise<void> {
    await this.client.del(key);
  }

  async ping(): Promise<void> {
    await this.client.ping();
  }

  async close(): Promise<void> {
    this.client.disconnect();
  }
}
