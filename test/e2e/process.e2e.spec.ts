import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { connect } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startAppProcess } from '../support/app-process.js';

const DEV_ADMIN = { authorization: 'Bearer dev-admin-token-change-me' };
type Feed = { url: string; last_success_at: string | null; last_error: string | null; blocks: number };

async function demoFeeds(base: string): Promise<Feed[]> {
  const res = await fetch(`${base}/api/v1/accommodations/casa-del-bosque/ical-feeds`, { headers: DEV_ADMIN });
  return (await res.json()) as Feed[];
}

/** The demo feed once `ready` holds (polled; the test's timeout bounds the wait). */
async function demoFeed(base: string, ready: (feed: Feed) => boolean): Promise<Feed | undefined> {
  for (;;) {
    const [feed] = await demoFeeds(base);
    if (!feed || ready(feed)) return feed;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const sandboxFeedUrl = (logs: Record<string, unknown>[]) =>
  `${logs.find((l) => l.msg === 'sandbox_ical_feed_started')?.url as string}`;

/**
 * The server as an operator runs it: a real process, its stdout logs, its signals and exit codes.
 * A first start creates the embedded database (several seconds, far more on a loaded machine), so
 * these tests get generous limits: they bound a hang, they do not measure start-up.
 */
describe('server process (embedded default)', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'estadia-e2e-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  // Two start-ups (up to 30 s each on a loaded CI machine) and the demo feed's first sync.
  it('starts, answers probes, logs trace ids, drains on SIGTERM and reuses its data directory', async () => {
    const first = await startAppProcess({ DATA_DIR: dataDir });
    try {
      expect((await fetch(`${first.url}/api/v1/readyz`)).status).toBe(200);
      const health = await (await fetch(`${first.url}/api/v1/healthz`)).json();
      expect(health).toMatchObject({ status: 'healthy', checks: { redis: { status: 'disabled' } } });

      const traced = await fetch(`${first.url}/api/v1/nowhere`, { headers: { 'X-Trace-ID': 'abc-123' } });
      expect(traced.status).toBe(404);
      expect(traced.headers.get('x-trace-id')).toBe('abc-123');
      const unsafe = await fetch(`${first.url}/api/v1/nowhere`, { headers: { 'X-Trace-ID': 'a b c' } });
      const fresh = unsafe.headers.get('x-trace-id');
      expect(fresh).toMatch(/^[0-9a-f-]{36}$/);
      const long = await fetch(`${first.url}/api/v1/nowhere`, { headers: { 'X-Trace-ID': 'x'.repeat(500) } });
      expect(long.headers.get('x-trace-id')).toMatch(/^[0-9a-f-]{36}$/);

      await new Promise((resolve) => setTimeout(resolve, 200));
      const requestLines = first.logs.filter(
        (l) => l.msg === 'request_completed' && l.url === '/api/v1/nowhere',
      );
      expect(requestLines).toHaveLength(3);
      expect(requestLines.map((l) => l.trace_id)).toEqual([
        'abc-123',
        fresh,
        expect.stringMatching(/^[0-9a-f-]{36}$/),
      ]);
      expect(requestLines[0]).toMatchObject({ method: 'GET', route: 'unmatched', status_code: 404 });
      expect(typeof requestLines[0]!.duration_ms).toBe('number');
      // Probes are quiet: no access log line for readyz/healthz.
      expect(first.logs.some((l) => typeof l.url === 'string' && /z$/.test(l.url))).toBe(false);
      expect(first.logs.some((l) => l.msg === 'demo_data_seeded')).toBe(true);
      // The demo channel calendar is seeded with the demo places and synced at start.
      const feed = await demoFeed(first.url, (f) => f.last_success_at !== null || f.last_error !== null);
      expect(feed).toMatchObject({ url: sandboxFeedUrl(first.logs), last_error: null, blocks: 1 });
    } finally {
      expect(await first.stop('SIGTERM')).toBe(0);
    }
    expect(first.logs.map((l) => l.msg)).toEqual(
      expect.arrayContaining(['shutdown_started', 'shutdown_completed']),
    );

    const second = await startAppProcess({ DATA_DIR: dataDir });
    try {
      expect((await fetch(`${second.url}/api/v1/readyz`)).status).toBe(200);
      expect(second.logs.some((l) => l.msg === 'demo_data_seeded')).toBe(false);
      expect(second.logs.some((l) => l.msg === 'migrations_applied')).toBe(false);
      // The fake feed listens on a new port each start: the seeded feed follows it, and is not doubled.
      expect(second.logs.some((l) => l.msg === 'demo_ical_feed_seeded')).toBe(false);
      const feeds = await demoFeeds(second.url);
      expect(feeds).toEqual([expect.objectContaining({ url: sandboxFeedUrl(second.logs), blocks: 1 })]);
      expect(sandboxFeedUrl(second.logs)).not.toBe(sandboxFeedUrl(first.logs));
    } finally {
      expect(await second.stop()).toBe(0);
    }
  }, 120_000);

  it('shuts down even when a client holds a connection open without sending a request', async () => {
    const app = await startAppProcess({ DATA_DIR: 'memory://' });
    const { port } = new URL(app.url);
    const idle = connect(Number(port), '127.0.0.1');
    await once(idle, 'connect');
    try {
      // Without a deadline, closing would wait for Node's header timeout (a minute): past this test's.
      expect(await app.stop('SIGTERM')).toBe(0);
    } finally {
      idle.destroy();
    }
    // Start-up (up to 30 s on a loaded CI machine) plus the 10 s close deadline.
  }, 90_000);

  it('exits 1 with one line naming an invalid variable', () => {
    const result = spawnSync(process.execPath, ['dist/src/main.js'], {
      env: { PATH: process.env.PATH ?? '', PORT: 'abc' },
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/PORT/);
  });

  it('refuses to start in production without a database or credentials', () => {
    const result = spawnSync(process.execPath, ['dist/src/main.js'], {
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production' },
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/DATABASE_URL/);
  });
});
