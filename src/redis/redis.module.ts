import { Global, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { KeyValueStore } from './key-value-store.js';
import { MemoryStore } from './memory.store.js';
import { createRedisClient, RedisStore } from './redis.store.js';

@Global()
@Module({
  providers: [
    {
      provide: KeyValueStore,
      inject: [APP_CONFIG],
      useFactory: async (config: AppConfig): Promise<KeyValueStore> => {
        if (!config.redis.url) return new MemoryStore();
        const client = createRedisClient(config.redis.url, 'store');
        // A Redis that is down at start must not stop the app: it degrades and reconnects later.
        await client
          .connect()
          .catch((error: Error) =>
            new Logger('Redis').warn({ err: { message: error.message } }, 'redis_unavailable_at_start'),
          );
        return new RedisStore(client);
      },
    },
  ],
  exports: [KeyValueStore],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(private readonly store: KeyValueStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
