import { randomBytes } from 'node:crypto';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { getToken } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';
import { DatabaseConnection } from '../../../src/database/database-connection.js';
import { InboxEventHandler, type ClaimedEvent } from '../../../src/webhooks/inbox/inbox-event-handler.js';
import { INBOX_DEAD } from '../../../src/webhooks/inbox/inbox-outcomes.js';
import { InboxProcessor } from '../../../src/webhooks/inbox/inbox.processor.js';
import { ForegroundPriority } from '../../../src/common/background/foreground-priority.js';
import { InboxWriter } from '../../../src/webhooks/inbox/inbox.writer.js';
import { sql } from '../../support/db.js';
import { dropIsolatedDatabases, isolatedDatabaseUrl } from '../../support/isolated-database.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { eventually } from '../../support/whatsapp-webhooks.js';

interface Gate {
  promise: Promise<void>;
  open(): void;
}

function gate(): Gate {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

/** Rows of kind `slow` need preparation; a test may hold a preparation at a gate for as long as it likes. */
class PreparingHandler extends InboxEventHandler {
  readonly provider = `prep-${randomBytes(4).toString('hex')}`;
  override readonly preparationLeaseMs = 60_000;
  readonly handled: { id: string; prepared: unknown }[] = [];
  readonly prepareCalls: string[] = [];
  readonly gates = new Map<string, Gate>();
  failPrepare = new Map<string, number>();
  failHandle = new Map<string, number>();

  override needsPreparation(event: ClaimedEvent): boolean {
    return event.kind === 'slow';
  }

  override async prepare(event: ClaimedEvent, signal: AbortSignal): Promise<object> {
    this.prepareCalls.push(event.external_id);
    const held = this.gates.get(event.external_id);
    if (held) {
      await Promise.race([
        held.promise,
        new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
      ]);
    }
    if (this.take(this.failPrepare, event.external_id))
      throw new Error(`prepare failed for ${event.external_id}`);
    return { heard: `words of ${event.external_id}` };
  }

  async handle(event: ClaimedEvent, _em: EntityManager): Promise<void> {
    if (this.take(this.failHandle, event.external_id))
      throw new Error(`handle failed for ${event.external_id}`);
    this.handled.push({ id: event.external_id, prepared: event.prepared });
  }

  ids(): string[] {
    return this.handled.map((h) => h.id);
  }

  private take(map: Map<string, number>, id: string): boolean {
    const left = map.get(id) ?? 0;
    if (left > 0) map.set(id, left - 1);
    return left > 0;
  }
}

describe('inbox processor: rows prepared outside the transaction', () => {
  let t: TestApp;
  const processors: InboxProcessor[] = [];

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        DATABASE_URL: await isolatedDatabaseUrl(),
        INBOX_MAX_ATTEMPTS: '3',
        // Retries never come due by themselves: the tests make rows due.
        WHATSAPP_RETRY_BASE_MS: '60000',
        WHATSAPP_RETRY_MAX_MS: '60000',
      },
    });
  });
  afterEach(async () => {
    for (const p of processors.splice(0)) await p.stop();
  });
  afterAll(async () => {
    await t.close();
    await dropIsolatedDatabases();
  });

  const processor = (handler: InboxEventHandler) => {
    const p = new InboxProcessor(
      t.app.get(MikroORM),
      t.app.get(DatabaseConnection),
      t.config,
      [handler],
      t.app.get<Counter<string>>(getToken(INBOX_DEAD)),
      t.app.get(ForegroundPriority),
    );
    processors.push(p);
    return p;
  };
  const insert = (handler: PreparingHandler, rows: { id: string; sender: string; kind?: string }[]) =>
    t.app.get(InboxWriter).insert(
      rows.map((r) => ({
        provider: handler.provider,
        externalId: r.id,
        kind: r.kind ?? 'fast',
        sender: r.sender,
        payload: { n: r.id },
        status: 'pending' as const,
        traceId: null,
      })),
    );
  const row = async (handler: PreparingHandler, id: string) =>
    (
      await sql<{
        status: string;
        attempts: number;
        last_error: string | null;
        prepared: unknown;
        leased: boolean;
      }>(
        t,
        `select status, attempts, last_error, prepared, coalesce(locked_until > now(), false) as leased
         from inbound_events where provider = ? and external_id = ?`,
        [handler.provider, id],
      )
    )[0]!;
  const makeDue = (handler: PreparingHandler) =>
    sql(t, `update inbound_events set next_attempt_at = now() where provider = ?`, [handler.provider]);

  it('prepares without blocking other guests, keeps the guest in order, and hands the result to handle', async () => {
    const handler = new PreparingHandler();
    const held = gate();
    handler.gates.set('a1', held);
    await insert(handler, [
      { id: 'a1', sender: 'guest-a', kind: 'slow' },
      { id: 'b1', sender: 'guest-b' },
      { id: 'a2', sender: 'guest-a' },
      { id: 'b2', sender: 'guest-b' },
    ]);
    const p = processor(handler);
    p.nudge();
    // While a1 is being prepared (no transaction open: on the embedded database's single
    // connection anything else would stall), guest b's rows are handled and a2 waits for a1.
    await eventually(() => handler.ids().length === 2);
    expect(handler.prepareCalls).toEqual(['a1']);
    expect(handler.ids()).toEqual(['b1', 'b2']);
    expect(await row(handler, 'a1')).toMatchObject({ status: 'pending', leased: true, prepared: null });
    expect(await row(handler, 'a2')).toMatchObject({ status: 'pending' });

    held.open();
    await p.drain();
    expect(handler.ids()).toEqual(['b1', 'b2', 'a1', 'a2']);
    expect(handler.handled[2]!.prepared).toEqual({ heard: 'words of a1' });
    expect(await row(handler, 'a1')).toMatchObject({
      status: 'done',
      attempts: 1,
      leased: false,
      prepared: { heard: 'words of a1' },
    });
  });

  it('a retry of handle reuses the stored result instead of preparing again', async () => {
    const handler = new PreparingHandler();
    handler.failHandle.set('s1', 1);
    await insert(handler, [{ id: 's1', sender: 'guest-s', kind: 'slow' }]);
    const p = processor(handler);
    await p.drain();
    expect(await row(handler, 's1')).toMatchObject({
      status: 'pending',
      attempts: 1,
      last_error: 'handle failed for s1',
      leased: false,
      prepared: { heard: 'words of s1' },
    });
    await makeDue(handler);
    await p.drain();
    expect(handler.prepareCalls).toEqual(['s1']);
    expect(handler.handled).toEqual([{ id: 's1', prepared: { heard: 'words of s1' } }]);
    expect(await row(handler, 's1')).toMatchObject({ status: 'done', attempts: 2, last_error: null });
  });

  it('a failed preparation is a failed attempt: backoff, then dead after the last one', async () => {
    const handler = new PreparingHandler();
    handler.failPrepare.set('f1', 10);
    await insert(handler, [{ id: 'f1', sender: 'guest-f', kind: 'slow' }]);
    const p = processor(handler);
    await p.drain();
    expect(await row(handler, 'f1')).toMatchObject({
      status: 'pending',
      attempts: 1,
      last_error: 'prepare failed for f1',
      leased: false,
      prepared: null,
    });
    for (let i = 0; i < 2; i++) {
      await makeDue(handler);
      await p.drain();
    }
    expect(await row(handler, 'f1')).toMatchObject({ status: 'dead', attempts: 3 });
    expect(handler.handled).toEqual([]);
  });

  it('a live lease (another worker preparing) is skipped; an expired one (a crash) is taken over', async () => {
    const handler = new PreparingHandler();
    await insert(handler, [{ id: 'l1', sender: 'guest-l', kind: 'slow' }]);
    const lease = (sqlInterval: string) =>
      sql(t, `update inbound_events set locked_until = now() + ?::interval where provider = ?`, [
        sqlInterval,
        handler.provider,
      ]);
    await lease('1 hour');
    const p = processor(handler);
    await p.drain();
    expect(handler.prepareCalls).toEqual([]);
    await lease('-1 second');
    await p.drain();
    expect(handler.ids()).toEqual(['l1']);
    expect(await row(handler, 'l1')).toMatchObject({ status: 'done', leased: false });
  });

  it('a preparation whose lease was taken over meanwhile does not handle the row', async () => {
    const handler = new PreparingHandler();
    const held = gate();
    handler.gates.set('t1', held);
    await insert(handler, [{ id: 't1', sender: 'guest-t', kind: 'slow' }]);
    const p = processor(handler);
    p.nudge();
    await eventually(() => handler.prepareCalls.length === 1);
    await eventually(async () => (await row(handler, 't1')).leased);
    // Another worker found the lease expired and leased the row itself.
    await sql(t, `update inbound_events set locked_until = now() + interval '1 hour' where provider = ?`, [
      handler.provider,
    ]);
    held.open();
    await p.drain();
    expect(handler.handled).toEqual([]);
    expect(await row(handler, 't1')).toMatchObject({ status: 'pending', attempts: 0, prepared: null });
  });

  it('at most 32 preparations run at once; the rest wait and other rows keep flowing', async () => {
    const handler = new PreparingHandler();
    const held = gate();
    const slow = Array.from({ length: 34 }, (_, n) => ({ id: `v${n}`, sender: `voice-${n}`, kind: 'slow' }));
    for (const r of slow) handler.gates.set(r.id, held);
    await insert(handler, [...slow, { id: 'text', sender: 'typist' }]);
    const p = processor(handler);
    p.nudge();
    await eventually(() => handler.prepareCalls.length === 32 && handler.ids().includes('text'));
    const leased = await sql<{ n: number }>(
      t,
      `select count(*)::int as n from inbound_events where provider = ? and locked_until > now()`,
      [handler.provider],
    );
    expect(leased[0]!.n).toBe(32);
    held.open();
    await p.drain();
    expect(handler.prepareCalls).toHaveLength(34);
    expect([...handler.ids()].sort()).toEqual([...slow.map((r) => r.id), 'text'].sort());
  });

  it('stop waits for preparations in flight and their rows are done', async () => {
    const handler = new PreparingHandler();
    const held = gate();
    handler.gates.set('w1', held);
    await insert(handler, [{ id: 'w1', sender: 'guest-w', kind: 'slow' }]);
    const p = processor(handler);
    p.nudge();
    await eventually(() => handler.prepareCalls.length === 1);
    const stopped = p.stop();
    held.open();
    await stopped;
    expect(handler.ids()).toEqual(['w1']);
    expect(await row(handler, 'w1')).toMatchObject({ status: 'done' });
  });
});
