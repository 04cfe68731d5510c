import type { MikroORM, PostgreSqlConnection } from '@mikro-orm/postgresql';

/** Any fixed 64-bit number works; it only has to be the same in every replica. */
const MIGRATION_LOCK_ID = 727_001_2026;

/**
 * Applies pending migrations. Replicas starting together would race to create the same tables, so on
 * a real server the run is serialised by a session advisory lock held on a dedicated connection. The
 * embedded database has one connection and one process: there is nobody to race.
 */
export async function migrate(orm: MikroORM, embedded: boolean): Promise<string[]> {
  if (embedded) return (await orm.migrator.up()).map((m) => m.name);
  const pool = await (orm.em.getConnection() as PostgreSqlConnection).getNativeClient();
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    return (await orm.migrator.up()).map((m) => m.name);
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]).catch(() => undefined);
    client.release();
  }
}
