import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule, ThrottlerStorageService } from '@nestjs/throttler';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { KeyValueStore } from '../../redis/key-value-store.js';
import { RedisStore } from '../../redis/redis.store.js';
import { FailOpenThrottlerStorage } from './fail-open-throttler.storage.js';
import { IpThrottlerGuard } from './ip-throttler.guard.js';
import { RateLimitGuard } from './rate-limit.guard.js';

@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG, KeyValueStore],
      useFactory: (config: AppConfig, store: KeyValueStore) => ({
        throttlers: [{ ttl: config.rateLimit.windowSeconds * 1000, limit: config.rateLimit.max }],
        storage:
          store instanceof RedisStore
            ? new FailOpenThrottlerStorage(
                new ThrottlerStorageRedisService(store.client),
                new ThrottlerStorageService(),
              )
            : new ThrottlerStorageService(),
      }),
    }),
  ],
  providers: [IpThrottlerGuard, { provide: APP_GUARD, useClass: RateLimitGuard }],
})
export class RateLimitModule {}
