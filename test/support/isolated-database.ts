import { randomBytes } from 'node:crypto';
import pg from 'pg';

const created: string[] = [];

/** Through the server's maintenance database: DATABASE_URL's own may not exist yet (the app creates it). */
async function admin<T>(base: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const url = new URL(base);
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * With DATABASE_URL set, the URL of a fresh database of its own on the same real PostgreSQL server.
 * Suites that run outbox dispatchers and inbox processors need it: on a shared database another
 * suite's app, running in parallel, would claim this suite's rows and send them to its own fake API.
 * Without DATABASE_URL: undefined (each app gets its own in-memory PGlite anyway).
 * Call `dropIsolatedDatabases()` in afterAll.
 */
export async function isolatedDatabaseUrl(): Promise<string | undefined> {
  const base = process.env.DATABASE_URL;
  if (!base) return undefined;
  const name = `estadia_test_wa_${randomBytes(5).toString('hex')}`;
  await admin(base, (client) => client.query(`create database ${name}`));
  created.push(name);
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropIsolatedDatabases(): Promise<void> {
  const base = process.env.DATABASE_URL;
  if (!base) return;
  await drop(base, created.splice(0));
}

/** Drops one database made by isolatedDatabaseUrl() (the others of the suite stay). */
export async function dropIsolatedDatabase(url: string): Promise<void> {
  const base = process.env.DATABASE_URL;
  if (!base) return;
  const name = new URL(url).pathname.slice(1);
  const index = created.indexOf(name);
  if (index < 0) return;
  await drop(base, created.splice(index, 1));
}

function drop(base: string, names: string[]): Promise<void> {
  return admin(base, async (client) => {
    for (const name of names) await client.query(`drop database if exists ${name} with (force)`);
  });
}
