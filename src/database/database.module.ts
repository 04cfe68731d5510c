import { MikroORM, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import {
  Global,
  Inject,
  Logger,
  Module,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { DatabaseConnection } from './database-connection.js';
import { DEMO_ICAL_FEED, DemoIcalFeed } from './demo-ical-feed.js';
import { ormOptions } from './orm-options.js';
import { migrate } from './migrate.js';
import { followDemoIcalFeed, seedDemoIcalFeed, seedIfEmpty } from './seed.js';

@Global()
@Module({
  providers: [
    {
      provide: DatabaseConnection,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => DatabaseConnection.open(config),
    },
  ],
  exports: [DatabaseConnection],
})
class DatabaseConnectionModule {}

@Global()
@Module({
  imports: [
    DatabaseConnectionModule,
    MikroOrmModule.forRootAsync({
      inject: [DatabaseConnection],
      useFactory: (connection: DatabaseConnection) => ({
        ...ormOptions(connection, (message) => new Logger('MikroORM').log(message)),
        autoLoadEntities: true,
        // Every service forks its own EntityManager (or takes the caller's transaction), so the
        // per-request context middleware would only cost time: a tenth of a probe's CPU when measured.
        registerRequestContext: false,
      }),
      driver: PostgreSqlDriver,
    }),
  ],
})
export class DatabaseModule implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Database');

  constructor(
    private readonly orm: MikroORM,
    private readonly connection: DatabaseConnection,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly demoFeed: DemoIcalFeed,
  ) {}

  /** Connect eagerly (a bad DATABASE_URL fails the start), migrate, and seed a fresh embedded database. */
  async onModuleInit(): Promise<void> {
    if (!(await this.orm.isConnected())) await this.orm.connect();
    if (this.config.database.migrateOnStart) {
      const applied = await migrate(this.orm, this.connection.embedded);
      if (applied.length > 0) this.logger.log({ migrations: applied }, 'migrations_applied');
    }
    if (this.connection.embedded) {
      const seeded = await seedIfEmpty(this.orm.em.fork());
      if (seeded > 0) this.logger.log({ accommodations: seeded }, 'demo_data_seeded');
      await this.seedDemoFeed(seeded > 0);
    }
  }

  /** The sandbox's demo channel calendar (embedded development only; see sandbox/demo-ical-feed.ts). */
  private async seedDemoFeed(firstStart: boolean): Promise<void> {
    if (!this.demoFeed.url) return;
    const feed = { slug: DEMO_ICAL_FEED.slug, name: DEMO_ICAL_FEED.name, url: this.demoFeed.url };
    if (firstStart) {
      if (await seedDemoIcalFeed(this.orm.em.fork(), feed)) {
        this.logger.log({ accommodation: feed.slug, url: feed.url }, 'demo_ical_feed_seeded');
      }
    } else {
      await followDemoIcalFeed(this.orm.em.fork(), feed);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.orm.close(true);
    await this.connection.close();
  }
}
