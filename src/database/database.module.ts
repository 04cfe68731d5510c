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
import { ormOptions } from './orm-options.js';
import { migrate } from './migrate.js';
import { seedIfEmpty } from './seed.js';

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
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.orm.close(true);
    await this.connection.close();
  }
}
