import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/postgresql';
import { DatabaseConnection } from '../../src/database/database-connection.js';
import { migrate } from '../../src/database/migrate.js';
import { ormOptions } from '../../src/database/orm-options.js';
import { testConfig } from './test-config.js';

export interface TestDatabase {
  name: string;
  orm: MikroORM;
  close(): Promise<void>;
}

/** A migrated database without the Nest app: PGlite in memory, or the real server from DATABASE_URL. */
export async function openTestDatabase(kind: 'embedded' | 'real'): Promise<TestDatabase> {
  const config = testConfig(kind === 'embedded' ? { DATABASE_URL: undefined } : {});
  const connection = await DatabaseConnection.open(config);
  const orm = await MikroORM.init(ormOptions(connection, () => undefined));
  await migrate(orm, connection.embedded);
  return {
    name: kind === 'embedded' ? 'PGlite' : 'PostgreSQL',
    orm,
    close: async () => {
      await orm.close(true);
      await connection.close();
    },
  };
}

/** Integration suites run on PGlite always, and on the real server too when DATABASE_URL is set. */
export const DATABASE_KINDS: ('embedded' | 'real')[] = process.env.DATABASE_URL
  ? ['embedded', 'real']
  : ['embedded'];
