import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { CommonModule } from './common/common.module.js';
import { DatabaseModule } from './database/database.module.js';
import { HealthModule } from './health/health.module.js';
import { RedisModule } from './redis/redis.module.js';
import { SandboxModule } from './sandbox/sandbox.module.js';
import { SandboxWhatsAppModule } from './sandbox/sandbox-whatsapp.module.js';
import { SandboxCheckoutModule } from './sandbox/sandbox-checkout.module.js';
import { WebhooksModule } from './webhooks/webhooks.module.js';
import { JobsModule } from './jobs/jobs.module.js';
import { ReservationsModule } from './reservations/reservations.module.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        RedisModule,
        CommonModule,
        DatabaseModule,
        HealthModule,
        SandboxModule,
        SandboxWhatsAppModule.forRoot(config),
        SandboxCheckoutModule.forRoot(config),
        WebhooksModule,
        JobsModule,
        ReservationsModule,
      ],
    };
  }
}
