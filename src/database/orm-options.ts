import { Migrator } from '@mikro-orm/migrations';
import { defineConfig, type Options } from '@mikro-orm/postgresql';
import { ReflectMetadataProvider } from '@mikro-orm/decorators/legacy';
import { MIGRATIONS } from '../../migrations/migrations.js';

export interface OrmConnection {
  url: string;
  /** 1 for the embedded PGlite (a single session), 10 for a real server. */
  poolMax: number;
}

export function ormOptions(
  connection: OrmConnection,
  log: (message: string) => void = (message) => process.stdout.write(`${message}\n`),
): Options {
  return defineConfig({
    clientUrl: connection.url,
    entities: [],
    logger: log,
    colors: false,
    metadataProvider: ReflectMetadataProvider,
    discovery: { warnWhenNoEntities: false },
    extensions: [Migrator],
    migrations: {
      migrationsList: MIGRATIONS,
      tableName: 'mikro_orm_migrations',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
    },
    pool: { min: 0, max: connection.poolMax, idleTimeoutMillis: 30_000 },
    // A hung database must fail a request, not hold it forever.
    driverOptions: { connectionTimeoutMillis: 10_000, statement_timeout: 15_000 },
    // Background work opens its own context; touching the global EntityManager is a bug.
    allowGlobalContext: false,
    forceUtcTimezone: true,
    debug: false,
  });
}
