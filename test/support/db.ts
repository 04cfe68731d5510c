import { MikroORM } from '@mikro-orm/postgresql';
import type { TestApp } from './test-app.js';

/** Raw SQL against the app's database, outside any request (for assertions). */
export function sql<T = Record<string, unknown>>(
  t: TestApp,
  query: string,
  params: unknown[] = [],
): Promise<T[]> {
  return t.app.get(MikroORM).em.fork().execute<T[]>(query, params);
}
