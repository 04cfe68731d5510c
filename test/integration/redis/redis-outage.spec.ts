import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { startTestApp, type TestApp } from '../../support/test-app.js';

const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
  ]);
  for (let i = 0; i < 50; i++) {
    if (
      spawnSync('redis-cli', ['-p', String(port), 'ping'])
        .stdout?.toString()
        .includes('PONG')
    )
      return child;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('redis-server did not start');
}

async function stopRedis(child: ChildProcess): Promise<void> {
  child.kill('SIGKILL');
  await once(child, 'exit');
}

/** A Redis of its own (not the shared one), so stopping it cannot disturb other suites. */
(hasRedisServer ? describe : describe.skip)('Redis outage while the app runs', () => {
  let port: number;
  let redis: ChildProcess;
  let t: TestApp;

  beforeAll(async () => {
    port = await freePort();
    redis = await startRedis(port);
    t = await startTestApp({ env: { REDIS_URL: `redis://127.0.0.1:${port}`, RATE_LIMIT_MAX: '1000' } });
  });
  afterAll(async () => {
    await t.close();
    if (redis.exitCode === null) await stopRedis(redis);
  });

  const health = async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/healthz' });
    return { code: res.statusCode, body: res.json() };
  };

  it('goes unhealthy at once, keeps serving, and recovers without a restart', async () => {
    const before = await health();
    expect(before.code).toBe(200);
    expect(before.body.checks.redis.status).toBe('ok');

    await stopRedis(redis);
    const down = await health();
    expect(down.code).toBe(503);
    expect(down.body.status).toBe('unhealthy');
    expect(down.body.checks.redis.status).toBe('error');
    expect(down.body.checks.database.status).toBe('ok');
    // Rate-limited routes keep answering while Redis is gone (limits fall back to memory).
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/accommodations' })).statusCode).toBe(200);

    redis = await startRedis(port);
    let recovered = await health();
    for (let i = 0; i < 50 && recovered.code !== 200; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      recovered = await health();
    }
    expect(recovered.code).toBe(200);
    expect(recovered.body.checks.redis.status).toBe('ok');
  });
});
