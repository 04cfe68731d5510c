import { randomBytes } from 'node:crypto';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { getToken } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';
import type { AppConfig } from '../../../src/config/app-config.js';
import { DatabaseConnection } from '../../../src/database/database-connection.js';
import { InboxEventHandler, type ClaimedEvent } from '../../../src/webhooks/inbox/inbox-event-handler.js';
import { INBOX_DEAD } from '../../../src/webhooks/inbox/inbox-outcomes.js';
import { InboxProcessor } from '../../../src/webhooks/inbox/inbox.processor.js';
import { ForegroundPriority } from '../../../src/common/background/foreground-priority.js';
import { InboxWriter } from '../../../src/webhooks/inbox/inbox.writer.js';
import { sql } from '../../support/db.js';
import { dropIsolatedDatabases, isolatedDatabaseUrl } from '../../support/isolated-database.js';
import { metricValue } from '../../support/metrics.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

/** A handler for a provider of its own, so the app's processor never touches these rows. */
class RecordingHandler extends InboxEventHandler {
  readonly provider = `test-${randomBytes(4).toString('hex')}`;
  readonly handled: string[] = [];
  failures = new Map<string, number>();
  onHandle?: (event: ClaimedEvent, em: EntityManager) => Promise<void>;

  async handle(event: ClaimedEvent, em: EntityManager): Promise<void> {
    await this.onHandle?.(event, em);
    const left = this.failures.get(event.external_id) ?? 0;
    if (left > 0) {
      this.failures.set(event.external_id, left - 1);
      throw new Error(`planned failure of ${event.external_id}`);
    }
    this.handled.push(event.external_id);
  }
}

describe('inbox processor', () => {
  let t: TestApp;
  let config: AppConfig;

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        DATABASE_URL: await isolatedDatabaseUrl(),
        INBOX_MAX_ATTEMPTS: '3',
        // Long enough that a retry never comes due by itself under CI load: the tests make rows due.
        WHATSAPP_RETRY_BASE_MS: '60000',
        WHATSAPP_RETRY_MAX_MS: '60000',
      },
    });
    config = t.config;
  });
  afterAll(async () => {
    await t.close();
    await dropIsolatedDatabases();
  });

  const processor = (handler: RecordingHandler) =>
    new InboxProcessor(
      t.app.get(MikroORM),
      t.app.get(DatabaseConnection),
      config,
      [handler],
      t.app.get<Counter<string>>(getToken(INBOX_DEAD)),
      t.app.get(ForegroundPriority),
    );
  const insert = (handler: RecordingHandler, rows: { id: string; sender: string | null }[]) =>
    t.app.get(InboxWriter).insert(
      rows.map((r) => ({
        provider: handler.provider,
        externalId: r.id,
        kind: 'test',
        sender: r.sender,
        payload: { n: r.id },
        status: 'pending' as const,
        traceId: null,
      })),
    );
  const rows = (handler: RecordingHandler) =>
    sql<{ external_id: string; status: string; attempts: number; last_error: string | null; due: boolean }>(
      t,
      `select external_id, status, attempts, last_error, next_attempt_at <= now() as due
       from inbound_events where provider = ? order by id`,
      [handler.provider],
    );
  const makeDue = (handler: RecordingHandler) =>
    sql(t, `update inbound_events set next_attempt_at = now() where provider = ?`, [handler.provider]);

  it('the writer reports which rows were new and which already existed', async () => {
    const handler = new RecordingHandler();
    expect(
      await insert(handler, [
        { id: 'a', sender: null },
        { id: 'b', sender: null },
        { id: 'a', sender: null },
      ]),
    ).toEqual([true, true, false]);
    expect(
      await insert(handler, [
        { id: 'b', sender: null },
        { id: 'c', sender: null },
      ]),
    ).toEqual([false, true]);
  });

  it('retries a failing row with backoff and, after its last attempt, marks it dead with the error', async () => {
    const handler = new RecordingHandler();
    handler.failures.set('m1', 10);
    await insert(handler, [{ id: 'm1', sender: 'guest-1' }]);
    const deadBefore = await metricValue(t, 'inbox_dead_total', { provider: handler.provider });
    const p = processor(handler);

    await p.drain();
    expect(await rows(handler)).toEqual([
      { external_id: 'm1', status: 'pending', attempts: 1, last_error: 'planned failure of m1', due: false },
    ]);
    await p.drain();
    expect((await rows(handler))[0]!.attempts).toBe(1);

    await makeDue(handler);
    await p.drain();
    expect((await rows(handler))[0]).toMatchObject({ status: 'pending', attempts: 2 });
    await makeDue(handler);
    await p.drain();
    expect((await rows(handler))[0]).toMatchObject({
      status: 'dead',
      attempts: 3,
      last_error: 'planned failure of m1',
    });
    expect((await metricValue(t, 'inbox_dead_total', { provider: handler.provider })) - deadBefore).toBe(1);
    expect(handler.handled).toEqual([]);
  });

  it("rolls back a failed attempt's writes but keeps its failure record", async () => {
    const handler = new RecordingHandler();
    const dedupe = `inbox-test:${handler.provider}`;
    handler.onHandle = async (_event, em) => {
      await em.execute(
        `insert into outbound_messages (recipient, kind, body, dedupe_key) values ('5491100000000', 'text', '{"text":"x"}', ?)`,
        [dedupe],
      );
    };
    handler.failures.set('w1', 1);
    await insert(handler, [{ id: 'w1', sender: 'guest-w' }]);
    const p = processor(handler);
    await p.drain();
    expect(await sql(t, 'select id from outbound_messages where dedupe_key = ?', [dedupe])).toEqual([]);
    expect((await rows(handler))[0]).toMatchObject({ status: 'pending', attempts: 1 });
    await makeDue(handler);
    await p.drain();
    expect((await rows(handler))[0]).toMatchObject({ status: 'done', attempts: 2, last_error: null });
    expect(await sql(t, 'select id from outbound_messages where dedupe_key = ?', [dedupe])).toHaveLength(1);
  });

  it("handles one guest's rows strictly in arrival order, even behind a failing one", async () => {
    const handler = new RecordingHandler();
    handler.failures.set('a1', 1);
    await insert(handler, [
      { id: 'a1', sender: 'guest-a' },
      { id: 'b1', sender: 'guest-b' },
      { id: 'a2', sender: 'guest-a' },
      { id: 'a3', sender: 'guest-a' },
      { id: 'b2', sender: 'guest-b' },
    ]);
    const p = processor(handler);
    await p.drain();
    // a1 failed and waits out its backoff; a2 and a3 wait behind it, guest b is not held up.
    expect(handler.handled).toEqual(['b1', 'b2']);
    await makeDue(handler);
    await p.drain();
    expect(handler.handled).toEqual(['b1', 'b2', 'a1', 'a2', 'a3']);
  });

  it('two processors on the same rows (two replicas) handle each row once, each guest in order', async () => {
    const handler = new RecordingHandler();
    const input: { id: string; sender: string }[] = [];
    for (let n = 0; n < 20; n++)
      for (const guest of ['x', 'y', 'z']) input.push({ id: `${guest}${n}`, sender: guest });
    await insert(handler, input);
    // A little latency per row gives the two replicas a real chance to collide.
    handler.onHandle = () => new Promise((resolve) => setTimeout(resolve, 2));
    await Promise.all([processor(handler).drain(), processor(handler).drain()]);
    expect([...handler.handled].sort()).toEqual(input.map((r) => r.id).sort());
    for (const guest of ['x', 'y', 'z']) {
      const order = handler.handled.filter((id) => id.startsWith(guest)).map((id) => Number(id.slice(1)));
      expect(order).toEqual([...order].sort((a, b) => a - b));
    }
    expect((await rows(handler)).every((r) => r.status === 'done' && r.attempts === 1)).toBe(true);
  });
});
