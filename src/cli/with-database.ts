import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/postgresql';
import { ConfigError, loadConfig } from '../config/app-config.js';
import { DatabaseConnection } from '../database/database-connection.js';
import { migrate } from '../database/migrate.js';
import { ormOptions } from '../database/orm-options.js';

/**
 * Runs a command-line task against the configured database (or the embedded one under DATA_DIR),
 * with migrations applied, and exits 0 or 1 with one line on failure.
 */
export async function withDatabase(task: (orm: MikroORM) => Promise<string>): Promise<void> {
  let connection: DatabaseConnection | undefined;
  let orm: MikroORM | undefined;
  try {
    const config = loadConfig();
    connection = await DatabaseConnection.open(config);
    orm = await MikroORM.init(ormOptions(connection));
    const applied = await migrate(orm, connection.embedded);
    if (applied.length > 0) process.stdout.write(`Applied migrations: ${applied.join(', ')}\n`);
    process.stdout.write(`${await task(orm)}\n`);
  } catch (error) {
    process.stderr.write(`${error instanceof ConfigError ? error.message : (error as Error).stack}\n`);
    process.exitCode = 1;
  } finally {
    await orm?.close(true);
    await connection?.close();
  }
}
