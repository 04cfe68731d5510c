import { jest } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { FakeWhatsAppApi } from '../../../src/sandbox/fake-whatsapp-api.js';
import { dropIsolatedDatabases, isolatedDatabaseUrl } from '../../support/isolated-database.js';
import {
  eventually,
  randomGuestPhone,
  randomWamid,
  sign,
  textWebhook,
} from '../../support/whatsapp-webhooks.js';

interface AppProcess {
  url: string;
  child: ChildProcess;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** The compiled server (built by the global setup) as its own process; resolves once it listens. */
async function startAppProcess(env: Record<string, string>): Promise<AppProcess> {
  const child = spawn(process.execPath, ['dist/src/main.js'], {
    env: { PATH: process.env.PATH ?? '', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const exit = once(child, 'exit').then(([code]) => code as number | null);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('app did not start')), 30_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (!line.includes('server_started')) return;
      clearTimeout(timer);
      resolve((JSON.parse(line) as { url: string }).url);
    });
    void exit.then((code) => reject(new Error(`app exited with ${code}`)));
  });
  return {
    url,
    child,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exit;
    },
  };
}

/**
 * Real server processes sharing one PostgreSQL and one Redis, as replicas behind a load balancer.
 * Needs DATABASE_URL and REDIS_URL (the embedded database belongs to a single process).
 */
const replicated = process.env.DATABASE_URL && process.env.REDIS_URL ? describe : describe.skip;

replicated('WhatsApp channel across replicas', () => {
  jest.setTimeout(120_000);
  let fake: FakeWhatsAppApi;
  let db: pg.Client;
  let env: Record<string, string>;
  const running: AppProcess[] = [];

  beforeAll(async () => {
    fake = new FakeWhatsAppApi('sandbox-access-token');
    await fake.start();
    const url = (await isolatedDatabaseUrl())!;
    db = new pg.Client({ connectionString: url });
    await db.connect();
    env = {
      DATABASE_URL: url,
      REDIS_URL: process.env.REDIS_URL!,
      WHATSAPP_API_URL: fake.url,
      WHATSAPP_TIMEOUT_MS: '500',
      WHATSAPP_RETRY_BASE_MS: '20',
      WHATSAPP_RETRY_MAX_MS: '100',
      CIRCUIT_BREAKER_OPEN_MS: '300',
      OUTBOX_DISPATCH_INTERVAL_MS: '100',
      INBOX_SWEEP_INTERVAL_MS: '100',
    };
  });
  afterAll(async () => {
    await Promise.all(running.map((p) => p.stop('SIGKILL')));
    await db.end();
    await fake.stop();
    await dropIsolatedDatabases();
  });

  async function start(extra: Record<string, string> = {}): Promise<AppProcess> {
    const app = await startAppProcess({ ...env, ...extra });
    running.push(app);
    return app;
  }
  const post = (app: AppProcess, raw: string) =>
    fetch(`${app.url}/api/v1/webhooks/whatsapp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(raw) },
      body: raw,
    });
  const repliesTo = (phone: string) => fake.sentMessages.filter((m) => m.to === `+${phone}`);
  const count = async (query: string, params: unknown[]) =>
    Number((await db.query(query, params)).rows[0].count);

  it('the same message delivered 10 times to two replicas, one after another and at once, is stored and answered once', async () => {
    const [a, b] = await Promise.all([start(), start()]);
    for (const concurrent of [false, true]) {
      const phone = randomGuestPhone();
      const id = randomWamid();
      const raw = JSON.stringify(textWebhook(phone, 'hola', id));
      const deliveries = Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? a : b));
      const statuses: number[] = [];
      if (concurrent)
        statuses.push(...(await Promise.all(deliveries.map(async (app) => (await post(app, raw)).status))));
      else for (const app of deliveries) statuses.push((await post(app, raw)).status);
      expect(statuses).toEqual(Array(10).fill(200));
      expect(await count(`select count(*) from inbound_events where external_id = $1`, [id])).toBe(1);
      await eventually(() => repliesTo(phone).length >= 1);
      // A second reply, if any, would come from the other replica's sweep or dispatcher: give both a few rounds.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(repliesTo(phone)).toHaveLength(1);
      expect(await count(`select count(*) from outbound_messages where recipient = $1`, [phone])).toBe(1);
    }
    await Promise.all([a.stop(), b.stop()]);
  });

  it('with the API down for a stretch, 50 guests get their 50 replies once it is back: none lost, none doubled', async () => {
    const [a, b] = await Promise.all([start(), start()]);
    fake.fail({ kind: 'status', status: 503 });
    const phones = Array.from({ length: 50 }, () => randomGuestPhone());
    const statuses = await Promise.all(
      phones.map((phone, i) =>
        post(i % 2 === 0 ? a : b, JSON.stringify(textWebhook(phone, 'hola'))).then((r) => r.status),
      ),
    );
    expect(statuses).toEqual(Array(50).fill(200));
    const placeholders = phones.map((_, i) => `$${i + 1}`).join(', ');
    await eventually(
      async () =>
        (await count(
          `select count(*) from outbound_messages where recipient in (${placeholders})`,
          phones,
        )) === 50,
    );
    // Down for a while: the breaker opens, rows wait.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(
      await count(
        `select count(*) from outbound_messages where recipient in (${placeholders}) and status = 'sent'`,
        phones,
      ),
    ).toBe(0);
    fake.reset();
    await eventually(
      async () =>
        (await count(
          `select count(*) from outbound_messages where recipient in (${placeholders}) and status = 'sent'`,
          phones,
        )) === 50,
      60_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const phone of phones) expect(repliesTo(phone)).toHaveLength(1);
    await Promise.all([a.stop(), b.stop()]);
  });

  it('a message acknowledged by a replica killed before processing it is processed after the restart', async () => {
    // An ingest-only replica acknowledges and stores, but never processes: exactly the window between
    // the 200 and the processing that SIGKILL must not lose.
    const doomed = await start({ WORKERS_ENABLED: 'false' });
    const phone = randomGuestPhone();
    const id = randomWamid();
    expect((await post(doomed, JSON.stringify(textWebhook(phone, 'hola', id)))).status).toBe(200);
    expect(await doomed.stop('SIGKILL')).toBeNull();
    expect((await db.query(`select status from inbound_events where external_id = $1`, [id])).rows).toEqual([
      { status: 'pending' },
    ]);
    expect(repliesTo(phone)).toHaveLength(0);

    const restarted = await start();
    await eventually(() => repliesTo(phone).length === 1, 30_000);
    await eventually(
      async () =>
        (await db.query(`select status from inbound_events where external_id = $1`, [id])).rows[0]?.status ===
        'done',
    );
    await restarted.stop();
  });
});
