import { MikroORM } from '@mikro-orm/postgresql';
import { OutboxDispatcher } from '../../../src/messaging/outbox/outbox.dispatcher.js';
import { OutboxWriter } from '../../../src/messaging/outbox/outbox.writer.js';
import { WhatsAppClient } from '../../../src/messaging/whatsapp/whatsapp.client.js';
import { FakeWhatsAppApi } from '../../../src/sandbox/fake-whatsapp-api.js';
import { sql } from '../../support/db.js';
import { dropIsolatedDatabases, isolatedDatabaseUrl } from '../../support/isolated-database.js';
import { metricValue } from '../../support/metrics.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { eventually, randomGuestPhone } from '../../support/whatsapp-webhooks.js';

interface Row {
  status: string;
  attempts: number;
  last_error: string | null;
  provider_message_id: string | null;
  due_in_ms: number;
  backoff_ms: number;
}

describe('outbox', () => {
  let fake: FakeWhatsAppApi;
  let t: TestApp;
  let writer: OutboxWriter;
  let dispatcher: OutboxDispatcher;

  beforeAll(async () => {
    fake = new FakeWhatsAppApi('sandbox-access-token');
    await fake.start();
    t = await startTestApp({
      env: {
        DATABASE_URL: await isolatedDatabaseUrl(),
        WHATSAPP_API_URL: fake.url,
        WHATSAPP_TIMEOUT_MS: '200',
        WHATSAPP_RETRY_BASE_MS: '20',
        WHATSAPP_RETRY_MAX_MS: '60',
        CIRCUIT_BREAKER_OPEN_MS: '300',
        OUTBOX_MAX_ATTEMPTS: '3',
        // The test drives the dispatcher itself.
        OUTBOX_DISPATCH_INTERVAL_MS: '600000',
      },
    });
    writer = t.app.get(OutboxWriter);
    dispatcher = t.app.get(OutboxDispatcher);
  });
  afterAll(async () => {
    await t.close();
    await fake.stop();
    await dropIsolatedDatabases();
  });
  beforeEach(() => {
    fake.reset();
    fake.clearRequests();
  });

  const em = () => t.app.get(MikroORM).em.fork();
  const queue = (to: string, key = `test:${to}:${Math.random()}`) =>
    em().transactional((tx) => writer.enqueue(tx, { to, kind: 'text', text: 'Hola', dedupeKey: key }));
  const rowOf = async (to: string) =>
    (
      await sql<Row>(
        t,
        `select status, attempts, last_error, provider_message_id,
           (extract(epoch from (next_attempt_at - now())) * 1000)::int as due_in_ms,
           (extract(epoch from (next_attempt_at - updated_at)) * 1000)::int as backoff_ms
         from outbound_messages where recipient = ?`,
        [to],
      )
    )[0]!;
  const requestsTo = (to: string) =>
    fake.requests.filter((r) => (r.body as { to?: string } | undefined)?.to === `+${to}`);
  const toRecipient = (to: string) => (r: { body: unknown }) =>
    (r.body as { to?: string } | undefined)?.to === `+${to}`;
  const waitForBreaker = (value: number) =>
    eventually(
      async () => (await metricValue(t, 'circuit_breaker_state', { service: 'whatsapp' })) === value,
      5_000,
    );

  it('queues a message once per dedupe key, even in one transaction after a rollback', async () => {
    const to = randomGuestPhone();
    expect(await queue(to, `k:${to}`)).toBe(true);
    expect(await queue(to, `k:${to}`)).toBe(false);
    await expect(
      em().transactional(async (tx) => {
        await writer.enqueue(tx, { to, kind: 'text', text: 'otra', dedupeKey: `rolled-back:${to}` });
        throw new Error('the change that caused it failed');
      }),
    ).rejects.toThrow();
    expect(await sql(t, 'select dedupe_key from outbound_messages where recipient = ?', [to])).toEqual([
      { dedupe_key: `k:${to}` },
    ]);
  });

  it('sends due rows and records the provider message id', async () => {
    const to = randomGuestPhone();
    await queue(to);
    await dispatcher.dispatchDue();
    const row = await rowOf(to);
    expect(row).toMatchObject({ status: 'sent', attempts: 1, last_error: null });
    expect(fake.sentMessages.filter((m) => m.to === `+${to}`)).toEqual([
      expect.objectContaining({ type: 'text', text: { body: 'Hola' } }),
    ]);
    expect(row.provider_message_id).toMatch(/^wamid\./);
  });

  it('a 500 through all attempts reschedules the row with backoff; the last attempt makes it dead', async () => {
    const deadBefore = await metricValue(t, 'outbox_dead_total');
    const to = randomGuestPhone();
    await queue(to);
    const backoffs: number[] = [];
    for (let round = 1; round <= 3; round++) {
      // Successful calls in between keep the breaker's failure ratio under its threshold, so every
      // round really reaches the API (the open breaker has its own test).
      for (let i = 0; i < 4; i++) await t.app.get(WhatsAppClient).sendText(randomGuestPhone(), 'ok');
      await sql(t, `update outbound_messages set next_attempt_at = now() where recipient = ?`, [to]);
      fake.fail({ kind: 'status', status: 500 }, 3, toRecipient(to));
      await dispatcher.dispatchDue();
      expect(requestsTo(to)).toHaveLength(3 * round);
      const row = await rowOf(to);
      expect(row.attempts).toBe(round);
      expect(row.last_error).toMatch(/500/);
      if (round < 3) {
        expect(row.status).toBe('pending');
        backoffs.push(row.backoff_ms);
      }
    }
    // Rescheduled into the future, and later each time.
    expect(backoffs[0]).toBeGreaterThan(0);
    expect(backoffs[1]).toBeGreaterThan(backoffs[0]!);
    expect(await rowOf(to)).toMatchObject({ status: 'dead', attempts: 3 });
    expect((await metricValue(t, 'outbox_dead_total')) - deadBefore).toBe(1);
  });

  it('a final error (131047) makes the row dead at once, without retrying', async () => {
    const deadBefore = await metricValue(t, 'outbox_dead_total');
    await waitForBreaker(0).catch(() => undefined);
    const to = randomGuestPhone();
    await queue(to);
    fake.fail({ kind: 'status', status: 400, code: 131047 }, 1, toRecipient(to));
    await eventually(async () => {
      await dispatcher.dispatchDue();
      return (await rowOf(to)).status !== 'pending';
    });
    expect(requestsTo(to)).toHaveLength(1);
    const row = await rowOf(to);
    expect(row).toMatchObject({ status: 'dead', attempts: 1 });
    expect(row.last_error).toMatch(/131047/);
    expect((await metricValue(t, 'outbox_dead_total')) - deadBefore).toBe(1);
  });

  it('while the breaker is open rows stay pending without using attempts, and go out once it closes', async () => {
    await waitForBreaker(0).catch(() => undefined);
    // Open it: five failed calls.
    const opener = randomGuestPhone();
    await queue(opener);
    fake.fail({ kind: 'status', status: 503 });
    await dispatcher.dispatchDue();
    await sql(t, `update outbound_messages set next_attempt_at = now() where recipient = ?`, [opener]);
    await dispatcher.dispatchDue();
    await waitForBreaker(1);

    const to = randomGuestPhone();
    await queue(to);
    const requestsBefore = fake.requests.length;
    await dispatcher.dispatchDue();
    expect(fake.requests.length).toBe(requestsBefore);
    expect(await rowOf(to)).toMatchObject({ status: 'pending', attempts: 0 });

    fake.reset();
    await eventually(async () => {
      await sql(
        t,
        `update outbound_messages set next_attempt_at = now() where recipient in (?, ?) and status = 'pending'`,
        [to, opener],
      );
      await dispatcher.dispatchDue();
      return (await rowOf(to)).status === 'sent' && (await rowOf(opener)).status === 'sent';
    }, 10_000);
    expect((await rowOf(to)).attempts).toBe(1);
  });

  it('exports the backlog', async () => {
    const to = randomGuestPhone();
    await queue(to);
    await dispatcher.refreshBacklog();
    expect(await metricValue(t, 'outbox_backlog')).toBeGreaterThanOrEqual(1);
    await dispatcher.dispatchDue();
    await dispatcher.refreshBacklog();
    expect(await metricValue(t, 'outbox_backlog')).toBe(0);
  });
});
