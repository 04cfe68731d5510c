// npm run bench:http — the whole stack on its liveness probe against bare Fastify on the same machine.
// The server (embedded default, LOG_LEVEL=info as in production) runs on core 0, autocannon on core 1.
// With DATABASE_URL (and REDIS_URL) set, the app on a scratch database of that server is measured too.
// Env: BENCH_DURATION (s, default 6), BENCH_CONNECTIONS (default 50), BENCH_ROUNDS (default 5; medians).
// Besides req/s it reports each server's CPU time per request (/proc), which this VM's drift moves far less.
import autocannon from 'autocannon';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { cpuMs, pinned, scratchDatabase, spawnServer } from './support.mjs';

const DURATION = Number(process.env.BENCH_DURATION ?? 6);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

async function start(args, env, pickUrl) {
  const child = spawnServer(args, env);
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args.at(-1)} did not start`)), 60_000);
    createInterface({ input: child.stdout }).on('line', (line) => {
      try {
        const found = pickUrl(JSON.parse(line));
        if (found) {
          clearTimeout(timer);
          resolve(found);
        }
      } catch {
        // banner lines are not JSON
      }
    });
    child.once('exit', (code) => reject(new Error(`${args.at(-1)} exited with ${code}`)));
  });
  return { child, url };
}

const load = (url) =>
  new Promise((resolve, reject) =>
    autocannon({ url, connections: CONNECTIONS, duration: DURATION }, (error, result) =>
      error ? reject(error) : resolve(result),
    ),
  );

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Rounds alternate between the servers, so a noisy neighbour on the machine hits both alike. */
async function measureInterleaved(targets) {
  for (const t of targets) await load(t.url); // warm-up round, discarded
  const rounds = targets.map(() => []);
  for (let i = 0; i < ROUNDS; i++) {
    for (const [index, t] of targets.entries()) {
      const before = cpuMs(t.pid);
      const r = await load(t.url);
      if (r.non2xx > 0 || r.errors > 0)
        throw new Error(`${t.title}: ${r.non2xx} non-2xx, ${r.errors} errors`);
      const spent = cpuMs(t.pid) - before;
      rounds[index].push({ ...r, cpuUs: (spent * 1000) / r.requests.total });
    }
  }
  return targets.map((t, index) => ({
    title: t.title,
    rps: Math.round(median(rounds[index].map((r) => r.requests.average))),
    p99: median(rounds[index].map((r) => r.latency.p99)),
    p50: median(rounds[index].map((r) => r.latency.p50)),
    cpuUs: median(rounds[index].map((r) => r.cpuUs)),
  }));
}

const dataDir = mkdtempSync(path.join(tmpdir(), 'estadia-bench-http-'));
// With DATABASE_URL (and REDIS_URL) the app is also measured in its production configuration, on a
// scratch database of that server, interleaved with the rest.
const scratchDb = process.env.DATABASE_URL
  ? scratchDatabase(process.env.DATABASE_URL, `estadia_bench_http_${process.pid}`)
  : undefined;
const redisUrl = process.env.REDIS_URL || undefined;
const appEnv = {
  PATH: process.env.PATH,
  PORT: '0',
  LOG_LEVEL: 'info',
  RATE_LIMIT_MAX: '100000000',
  ...(process.env.BENCH_WORKERS_ENABLED ? { WORKERS_ENABLED: process.env.BENCH_WORKERS_ENABLED } : {}),
};
const appStarted = (line) => line.msg === 'server_started' && line.url;
const app = await start(['dist/src/main.js'], { ...appEnv, DATA_DIR: dataDir }, appStarted);
await scratchDb?.create();
const production = scratchDb
  ? await start(
      ['dist/src/main.js'],
      { ...appEnv, DATABASE_URL: scratchDb.url, ...(redisUrl ? { REDIS_URL: redisUrl } : {}) },
      appStarted,
    )
  : undefined;
const bare = await start(['bench/bare-fastify.mjs'], { PATH: process.env.PATH }, (line) => line.url);
// The floor for any NestJS app: one controller on the Fastify adapter, nothing else.
const nest = await start(['bench/nest-minimal.mjs'], { PATH: process.env.PATH }, (line) => line.url);
const productionSetup = `on PostgreSQL${redisUrl ? ' + Redis' : ''}`;
try {
  const [stack, reference, floor, real] = await measureInterleaved([
    {
      title: 'estadia (embedded default) GET /api/v1/livez',
      url: `${app.url}/api/v1/livez`,
      pid: app.child.pid,
    },
    { title: 'bare Fastify GET /livez', url: `${bare.url}/livez`, pid: bare.child.pid },
    {
      title: 'minimal NestJS on Fastify GET /api/v1/livez',
      url: `${nest.url}/api/v1/livez`,
      pid: nest.child.pid,
    },
    ...(production
      ? [
          {
            title: `estadia ${productionSetup} GET /api/v1/livez`,
            url: `${production.url}/api/v1/livez`,
            pid: production.child.pid,
          },
        ]
      : []),
  ]);
  console.log(
    `\n${CONNECTIONS} connections, ${DURATION} s x ${ROUNDS} rounds (medians), cores pinned: ${pinned}`,
  );
  console.log('| server | req/s | p50 ms | p99 ms | CPU µs/req |\n| --- | --- | --- | --- | --- |');
  for (const r of [stack, real, reference, floor].filter(Boolean))
    console.log(`| ${r.title} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.cpuUs?.toFixed(1) ?? '—'} |`);
  const percent = (x) => `${(x * 100).toFixed(1)}%`;
  // By CPU: the share of the other's throughput each would reach with the machine to itself.
  const ratios = (a, b) =>
    `${percent(a.rps / b.rps)} by req/s, ${Number.isNaN(a.cpuUs) ? '—' : percent(b.cpuUs / a.cpuUs)} by CPU per request`;
  console.log(`\nratio (whole stack, embedded / bare Fastify): ${ratios(stack, reference)}`);
  if (real) console.log(`ratio (whole stack, ${productionSetup} / bare Fastify): ${ratios(real, reference)}`);
  console.log(`ratio (minimal NestJS / bare Fastify): ${ratios(floor, reference)}`);
  console.log(`ratio (whole stack, embedded / minimal NestJS): ${ratios(stack, floor)}`);
} finally {
  for (const { child } of [app, production, bare, nest].filter(Boolean)) {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
  rmSync(dataDir, { recursive: true, force: true });
  await scratchDb?.drop();
}
