import { withDatabase } from './with-database.js';

await withDatabase(async () => 'Database schema is up to date.');
