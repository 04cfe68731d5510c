import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Serialises, per accommodation, "check the imported blocks, then insert a hold" against "replace a
 * feed's blocks". Without it a hold could read no block while a sync inserts one and both commit.
 * Transaction-scoped: released at commit or rollback, so it cannot leak.
 */
export async function lockAccommodationCalendar(em: EntityManager, accommodationId: string): Promise<void> {
  await em.execute(`select pg_advisory_xact_lock(hashtextextended(?, 0))`, [
    `accommodation-calendar:${accommodationId}`,
  ]);
}
