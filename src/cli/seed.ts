import { seedDemoAccommodations } from '../database/seed.js';
import { withDatabase } from './with-database.js';

await withDatabase(async (orm) => {
  const inserted = await seedDemoAccommodations(orm.em.fork());
  return `Demo accommodations: ${inserted} inserted (${3 - inserted} already present).`;
});
