import type { AppConfig } from '../config/app-config.js';
import { EmbeddedPostgres } from './embedded-postgres.js';
import type { OrmConnection } from './orm-options.js';

/** Where the ORM connects: the configured server, or an embedded PGlite started here. */
export abstract class DatabaseConnection implements OrmConnection {
  abstract readonly url: string;
  abstract readonly poolMax: number;
  abstract readonly embedded: boolean;
  abstract close(): Promise<void>;

  static async open(config: AppConfig): Promise<DatabaseConnection> {
    if (config.database.url) {
      return { url: config.database.url, poolMax: 10, embedded: false, close: async () => {} };
    }
    const pg = await EmbeddedPostgres.start(config.database.dataDir);
    return { url: pg.url, poolMax: 1, embedded: true, close: () => pg.stop() };
  }
}
