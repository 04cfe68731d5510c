/**
 * The double-booking race across replicas: two app processes share one PostgreSQL database and 200
 * concurrent holds for overlapping dates of one place are split between them. Exactly one may win.
 *
 *   npm run bench:race            (needs PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379)
 *
 * BENCH_PG_URL / BENCH_REDIS_URL / BENCH_REQUESTS override the defaults. Runs on Node's type
 * stripping, so this file stays free of TypeScript-only runtime syntax.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import pg from 'pg';

const SERVER_URL = process.env.BENCH_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const DB_NAME = 'estadia_bench_race';
const TOKEN = `bench-admin-${randomBytes(12).toString('hex')}`;

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function databaseUrl(): string {
  const url = new URL(SERVER_URL);
  url.pathname = `/${DB_NAME}`;
  return url.toString();
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

interface Replica {
  name: string;
  url: string;
  child: ChildProcess;
  stderr: string[];
}

function startReplica(name: string, port: number): Replica {
  const child = spawn(process.execPath, ['dist/src/main.js'], {
    env: {
      PATH: process.env.PATH ?? '',
      PORT: String(port),
      DATABASE_URL: databaseUrl(),
      REDIS_URL,
      RATE_LIMIT_MAX: '1000000',
      LOG_LEVEL: 'warn',
      ADMIN_API_TOKEN: TOKEN,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const stderr: string[] = [];
  child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  return { name, url: `http://127.0.0.1:${port}`, child, stderr };
}

async function waitReady(replica: Replica, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (replica.child.exitCode !== null) {
      throw new Error(`${replica.name} exited: ${replica.stderr.join('')}`);
    }
    try {
      if ((await fetch(`${replica.url}/api/v1/readyz`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${replica.name} not ready after ${timeoutMs} ms`);
}

async function stop(replica: Replica): Promise<void> {
  if (replica.child.exitCode !== null) return;
  replica.child.kill('SIGTERM');
  await once(replica.child, 'exit');
}

function addDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

async function main(): Promise<void> {
  await admin(`drop database if exists ${DB_NAME} with (force)`);
  await admin(`create database ${DB_NAME}`);
  const replicas = [startReplica('replica-a', await freePort()), startReplica('replica-b', await freePort())];
  try {
    await Promise.all(replicas.map((r) => waitReady(r)));
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` };
    const slug = `bench-${randomBytes(4).toString('hex')}`;
    const place = await fetch(`${replicas[0].url}/api/v1/accommodations`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ slug, name: 'Bench cabin', capacity: 4, nightly_price: '85500.50' }),
    });
    if (place.status !== 201)
      throw new Error(`could not create the place: ${place.status} ${await place.text()}`);

    // Every request shares the night of day +30 with every other one, on alternating replicas.
    const bodies = Array.from({ length: REQUESTS }, (_, i) =>
      JSON.stringify({
        accommodation: slug,
        check_in: addDays(30 - (i % 3)),
        check_out: addDays(31 + (i % 4)),
        guests_count: 2,
        guest_phone: `54911${randomInt(10_000_000, 99_999_999)}`,
      }),
    );
    const started = performance.now();
    const statuses = await Promise.all(
      bodies.map(async (body, i) => {
        try {
          const res = await fetch(`${replicas[i % 2].url}/api/v1/reservations`, {
            method: 'POST',
            headers,
            body,
          });
          const json = (await res.json()) as { error?: string };
          return res.status === 409 && json.error !== 'date_overlap' ? -res.status : res.status;
        } catch {
          return 0;
        }
      }),
    );
    const durationMs = performance.now() - started;

    const client = new pg.Client({ connectionString: databaseUrl() });
    await client.connect();
    const { rows } = await client.query(
      `select count(*)::int as n from reservations r join accommodations a on a.id = r.accommodation_id
        where a.slug = $1 and r.status in ('pre_reserved', 'confirmed')`,
      [slug],
    );
    await client.end();

    const successes = statuses.filter((s) => s === 201).length;
    const conflicts = statuses.filter((s) => s === 409).length;
    const errors = REQUESTS - successes - conflicts;
    const byReplica = replicas.map((r, k) => ({
      replica: r.name,
      successes: statuses.filter((s, i) => i % 2 === k && s === 201).length,
      conflicts: statuses.filter((s, i) => i % 2 === k && s === 409).length,
    }));
    console.log(
      JSON.stringify(
        {
          requests: REQUESTS,
          replicas: 2,
          successes,
          conflicts,
          errors,
          duration_ms: Math.round(durationMs),
          active_rows_in_table: rows[0].n,
          by_replica: byReplica,
          machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version },
        },
        null,
        2,
      ),
    );
    console.log(
      `\nsuccesses ${successes} / conflicts ${conflicts} / errors ${errors} in ${Math.round(durationMs)} ms`,
    );
    if (successes !== 1 || conflicts !== REQUESTS - 1 || errors !== 0 || rows[0].n !== 1)
      process.exitCode = 1;
  } finally {
    await Promise.all(replicas.map(stop));
    await admin(`drop database if exists ${DB_NAME} with (force)`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
