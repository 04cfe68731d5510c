// npm run bench:webhook — signed WhatsApp webhooks with unique message ids against the real server
// (compiled build, real PostgreSQL, Redis when REDIS_URL is set), then the same load against a bare
// Fastify endpoint for the ratio. Prints req/s, p50/p99 acknowledgement latency, non-2xx, and checks
// that every acknowledged message is in the inbox.
//
// Env: BENCH_DATABASE_URL (default: DATABASE_URL, else postgresql://postgres@127.0.0.1:5432/estadia_bench,
// created if missing), REDIS_URL (optional), BENCH_DURATION (s, default 20), BENCH_CONNECTIONS (default 50),
// BENCH_LOG_LEVEL (the server's LOG_LEVEL, default info as in production), BENCH_SERVER_NODE_OPTIONS,
// BENCH_DRAIN_TIMEOUT (s, default 300: how long to follow the processing of the burst's backlog),
// BENCH_SERVER_LOG (a file for the server's log lines).
import autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { FakeWhatsAppApi } from '../dist/src/sandbox/fake-whatsapp-api.js';
import { freePort, pinned, signedWhatsAppWebhook, spawnServer } from './support.mjs';

const DURATION = Number(process.env.BENCH_DURATION ?? 20);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const DRAIN_TIMEOUT_S = Number(process.env.BENCH_DRAIN_TIMEOUT ?? 300);
const SECRET = 'bench-app-secret-0123456789';
const DATABASE_URL =
  process.env.BENCH_DATABASE_URL ??
  process.env.DATABASE_URL ??
  'postgresql://postgres@127.0.0.1:5432/estadia_bench';

async function ensureDatabase(url) {
  const target = new URL(url);
  const name = target.pathname.slice(1);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  const exists = await client.query('select 1 from pg_database where datname = $1', [name]);
  if (exists.rowCount === 0) await client.query(`create database "${name.replace(/"/g, '')}"`);
  await client.end();
}

/** Starts a child and resolves with the URL it announces on stdout (JSON lines), draining the rest. */
async function startChild(args, env, pick) {
  const child = spawnServer(args, env);
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args[0]} did not start`)), 60_000);
    createInterface({ input: child.stdout }).on('line', (line) => {
      try {
        const found = pick(JSON.parse(line));
        if (found) {
          clearTimeout(timer);
          resolve(found);
        }
      } catch {
        // Not JSON (the sandbox banner): ignore.
      }
    });
    child.once('exit', (code) => reject(new Error(`${args[0]} exited with ${code}`)));
  });
  return { child, url };
}

async function waitUntilReady({ child, url }) {
  for (let i = 0; i < 240; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    const ok = await fetch(`${url}/api/v1/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  child.kill('SIGKILL');
  throw new Error('server did not become ready');
}

async function stopChild(child) {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await once(child, 'exit');
}

function run(title, url, makeRequest) {
  const acknowledged = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        title,
        url,
        connections: CONNECTIONS,
        duration: DURATION,
        requests: [
          {
            method: 'POST',
            setupRequest: (request, context) => {
              const { body, headers, id } = makeRequest();
              context.id = id;
              return { ...request, body, headers: { ...request.headers, ...headers } };
            },
            onResponse: (status, _body, context) => {
              if (status >= 200 && status < 300) acknowledged.push(context.id);
            },
          },
        ],
      },
      (error, result) => (error ? reject(error) : resolve({ result, acknowledged })),
    );
    autocannon.track(instance, {
      renderProgressBar: false,
      renderResultsTable: false,
      renderLatencyTable: false,
    });
  });
}

function signedWebhook() {
  const id = `wamid.bench-${randomBytes(12).toString('base64url')}`;
  const from = `54911${String(10_000_000 + Math.floor(Math.random() * 89_999_999))}`;
  const message = { id, type: 'text', text: { body: 'hola' } };
  return {
    id,
    ...signedWhatsAppWebhook({
      secret: SECRET,
      phoneNumberId: '111222333444555',
      from,
      name: 'Bench',
      message,
    }),
  };
}

/** Counts, among the acknowledged ids, the rows still waiting to be processed. */
async function pendingAmong(db, ids) {
  let pending = 0;
  for (let i = 0; i < ids.length; i += 10_000) {
    const { rows } = await db.query(
      `select count(*)::int as n from inbound_events
       where provider = 'whatsapp' and external_id = any($1::text[]) and status = 'pending'`,
      [ids.slice(i, i + 10_000)],
    );
    pending += rows[0].n;
  }
  return pending;
}

/**
 * The burst is acknowledged first and processed as the loop has room (ForegroundPriority): how much
 * was processed during the burst, and how long the server then takes to work off the rest.
 */
async function followBacklog(ids) {
  const db = new pg.Client({ connectionString: DATABASE_URL });
  await db.connect();
  try {
    const atEnd = await pendingAmong(db, ids);
    const started = performance.now();
    let pending = atEnd;
    while (pending > 0 && performance.now() - started < DRAIN_TIMEOUT_S * 1000) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      pending = await pendingAmong(db, ids);
    }
    return {
      processedDuringBurst: ids.length - atEnd,
      atEnd,
      drainSeconds: (performance.now() - started) / 1000,
      left: pending,
    };
  } finally {
    await db.end();
  }
}

function summary(name, result) {
  return {
    server: name,
    'req/s': Math.round(result.requests.average),
    'p50 ms': result.latency.p50,
    'p99 ms': result.latency.p99,
    'non-2xx': result.non2xx,
    errors: result.errors + result.timeouts,
    requests: result.requests.total,
  };
}

await ensureDatabase(DATABASE_URL);
const fake = new FakeWhatsAppApi();
await fake.start();

const appPort = await freePort();
const appChild = spawnServer(['--enable-source-maps', 'dist/src/main.js'], {
  PATH: process.env.PATH ?? '',
  PORT: String(appPort),
  NODE_ENV: 'development',
  LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
  DATABASE_URL,
  ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
  WHATSAPP_API_URL: fake.url,
  WHATSAPP_APP_SECRET: SECRET,
  ...(process.env.BENCH_WORKERS_ENABLED ? { WORKERS_ENABLED: process.env.BENCH_WORKERS_ENABLED } : {}),
  // e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to see where the server's time goes.
  ...(process.env.BENCH_SERVER_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_SERVER_NODE_OPTIONS } : {}),
});
// Its logs go nowhere (or to BENCH_SERVER_LOG): the bench measures the server, not this process reading them.
if (process.env.BENCH_SERVER_LOG) appChild.stdout.pipe(createWriteStream(process.env.BENCH_SERVER_LOG));
else appChild.stdout.resume();
const app = { child: appChild, url: `http://127.0.0.1:${appPort}` };
await waitUntilReady(app);
const appRun = await run('estadia webhook', `${app.url}/api/v1/webhooks/whatsapp`, signedWebhook);
const backlog = await followBacklog(appRun.acknowledged);
await stopChild(app.child);

const bare = await startChild(
  ['bench/bare-fastify.mjs'],
  { PATH: process.env.PATH ?? '' },
  (line) => line.url,
);
const bareRun = await run('bare fastify', `${bare.url}/hook`, signedWebhook);
await stopChild(bare.child);
await fake.stop();

const db = new pg.Client({ connectionString: DATABASE_URL });
await db.connect();
let found = 0;
for (let i = 0; i < appRun.acknowledged.length; i += 10_000) {
  const ids = appRun.acknowledged.slice(i, i + 10_000);
  const { rows } = await db.query(
    `select count(*)::int as n from inbound_events where provider = 'whatsapp' and external_id = any($1::text[])`,
    [ids],
  );
  found += rows[0].n;
}
await db.end();

const rows = [
  summary('estadia POST /api/v1/webhooks/whatsapp', appRun.result),
  summary('bare Fastify POST /hook', bareRun.result),
];
console.log(
  `\nbench:webhook — ${CONNECTIONS} connections, ${DURATION} s each, ${pinned ? 'server on core 0, load on core 1' : 'no CPU pinning'}`,
);
console.table(rows);
console.log(
  `ratio estadia/bare: ${(appRun.result.requests.average / bareRun.result.requests.average).toFixed(2)}`,
);
console.log(
  `acknowledged: ${appRun.acknowledged.length}, found in the inbox: ${found}, missing: ${appRun.acknowledged.length - found}`,
);
console.log(
  `processed during the burst: ${backlog.processedDuringBurst} (${Math.round(backlog.processedDuringBurst / DURATION)}/s); ` +
    `backlog at the end: ${backlog.atEnd}, ` +
    (backlog.left === 0
      ? `worked off in ${backlog.drainSeconds.toFixed(1)} s (${Math.round(backlog.atEnd / Math.max(backlog.drainSeconds, 0.001))}/s)`
      : `${backlog.left} still pending after ${DRAIN_TIMEOUT_S} s`),
);
const ok =
  found === appRun.acknowledged.length &&
  appRun.result.non2xx === 0 &&
  appRun.result.errors === 0 &&
  appRun.result.timeouts === 0;
console.log(ok ? 'OK: no errors, every acknowledged message is stored' : 'FAILED: see above');
process.exit(ok ? 0 : 1);
