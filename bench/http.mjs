// npm run bench:http — the whole stack on its liveness probe against bare Fastify on the same machine.
// The server (embedded default, LOG_LEVEL=info as in production) runs on core 0, autocannon on core 1.
// Env: BENCH_DURATION (s, default 10), BENCH_CONNECTIONS (default 50), BENCH_ROUNDS (default 3; medians).
import autocannon from 'autocannon';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { pinned, spawnServer } from './support.mjs';

const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

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
      const r = await load(t.url);
      if (r.non2xx > 0 || r.errors > 0)
        throw new Error(`${t.title}: ${r.non2xx} non-2xx, ${r.errors} errors`);
      rounds[index].push(r);
    }
  }
  return targets.map((t, index) => ({
    title: t.title,
    rps: Math.round(median(rounds[index].map((r) => r.requests.average))),
    p99: median(rounds[index].map((r) => r.latency.p99)),
    p50: median(rounds[index].map((r) => r.latency.p50)),
  }));
}

const dataDir = mkdtempSync(path.join(tmpdir(), 'estadia-bench-http-'));
const app = await start(
  ['dist/src/main.js'],
  {
    PATH: process.env.PATH,
    PORT: '0',
    LOG_LEVEL: 'info',
    DATA_DIR: dataDir,
    RATE_LIMIT_MAX: '100000000',
    ...(process.env.BENCH_WORKERS_ENABLED ? { WORKERS_ENABLED: process.env.BENCH_WORKERS_ENABLED } : {}),
  },
  (line) => line.msg === 'server_started' && line.url,
);
const bare = await start(['bench/bare-fastify.mjs'], { PATH: process.env.PATH }, (line) => line.url);
// The floor for any NestJS app: one controller on the Fastify adapter, nothing else.
const nest = await start(['bench/nest-minimal.mjs'], { PATH: process.env.PATH }, (line) => line.url);
try {
  const [stack, reference, floor] = await measureInterleaved([
    { title: 'estadia GET /api/v1/livez', url: `${app.url}/api/v1/livez` },
    { title: 'bare Fastify GET /livez', url: `${bare.url}/livez` },
    { title: 'minimal NestJS on Fastify GET /api/v1/livez', url: `${nest.url}/api/v1/livez` },
  ]);
  console.log(
    `\n${CONNECTIONS} connections, ${DURATION} s x ${ROUNDS} rounds (medians), cores pinned: ${pinned}`,
  );
  console.log('| server | req/s | p50 ms | p99 ms |\n| --- | --- | --- | --- |');
  for (const r of [stack, reference, floor]) console.log(`| ${r.title} | ${r.rps} | ${r.p50} | ${r.p99} |`);
  const percent = (a, b) => `${((a.rps / b.rps) * 100).toFixed(1)}%`;
  console.log(`\nratio (whole stack / bare Fastify): ${percent(stack, reference)}`);
  console.log(`ratio (minimal NestJS / bare Fastify): ${percent(floor, reference)}`);
  console.log(`ratio (whole stack / minimal NestJS): ${percent(stack, floor)}`);
} finally {
  for (const { child } of [app, bare, nest]) {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
  rmSync(dataDir, { recursive: true, force: true });
}
