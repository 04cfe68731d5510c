import { FakeWhatsAppApi } from '../../../src/sandbox/fake-whatsapp-api.js';
import { sql } from '../../support/db.js';
import { dropIsolatedDatabases, isolatedDatabaseUrl } from '../../support/isolated-database.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import {
  eventually,
  messageWebhook,
  randomGuestPhone,
  randomWamid,
  sign,
  statusWebhook,
  textWebhook,
} from '../../support/whatsapp-webhooks.js';

const URL = '/api/v1/webhooks/whatsapp';

describe('WhatsApp webhook', () => {
  let fake: FakeWhatsAppApi;
  let t: TestApp;

  beforeAll(async () => {
    fake = new FakeWhatsAppApi('sandbox-access-token');
    await fake.start();
    t = await startTestApp({
      env: {
        DATABASE_URL: await isolatedDatabaseUrl(),
        WHATSAPP_API_URL: fake.url,
        WHATSAPP_RETRY_BASE_MS: '10',
        WHATSAPP_RETRY_MAX_MS: '50',
        CIRCUIT_BREAKER_OPEN_MS: '300',
        OUTBOX_DISPATCH_INTERVAL_MS: '100',
        INBOX_SWEEP_INTERVAL_MS: '100',
      },
    });
  });
  afterAll(async () => {
    await t.close();
    await fake.stop();
    await dropIsolatedDatabases();
  });

  const post = (body: unknown, signature?: string | null) => {
    const raw = typeof body === 'string' ? body : JSON.stringify(body);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (signature !== null) headers['x-hub-signature-256'] = signature ?? sign(raw);
    return t.app.inject({ method: 'POST', url: URL, headers, payload: raw });
  };
  const inboxRows = (externalId: string) =>
    sql<{ status: string; kind: string; trace_id: string | null }>(
      t,
      `select status, kind, trace_id from inbound_events where provider = 'whatsapp' and external_id = ?`,
      [externalId],
    );
  const repliesTo = (phone: string) => fake.sentMessages.filter((m) => m.to === `+${phone}`);

  describe('verification handshake', () => {
    it('echoes the challenge as plain text for the right verify token', async () => {
      const res = await t.app.inject({
        method: 'GET',
        url: `${URL}?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=sandbox-verify-token`,
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      expect(res.body).toBe('1158201444');
    });

    it.each([
      ['a wrong token', 'hub.mode=subscribe&hub.challenge=1&hub.verify_token=wrong-token'],
      ['a wrong mode', 'hub.mode=unsubscribe&hub.challenge=1&hub.verify_token=sandbox-verify-token'],
      ['no token', 'hub.mode=subscribe&hub.challenge=1'],
    ])('answers 403 to %s', async (_name, query) => {
      const res = await t.app.inject({ method: 'GET', url: `${URL}?${query}` });
      expect(res.statusCode).toBe(403);
    });
  });

  describe('signature', () => {
    it('rejects the reference test vector, which is signed with the reference secret', async () => {
      const raw = '{"object":"whatsapp_business_account","entry":[]}';
      const res = await t.app.inject({
        method: 'POST',
        url: URL,
        headers: {
          'content-type': 'application/json',
          'x-hub-signature-256': 'sha256=ec566b13516ad3e8c6a9977694c3b54bc764abde864d68dc1ace4bb26297ba3a',
        },
        payload: raw,
      });
      // The vector is signed with the reference's example secret, not this app's.
      expect(res.statusCode).toBe(401);
      expect(sign(raw, 'meta-app-secret-EXAMPLE')).toBe(
        'sha256=ec566b13516ad3e8c6a9977694c3b54bc764abde864d68dc1ace4bb26297ba3a',
      );
    });

    it('401 and nothing stored without a signature', async () => {
      const id = randomWamid();
      const res = await post(textWebhook(randomGuestPhone(), 'hola', id), null);
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual({ error: 'invalid_signature', message: expect.any(String) });
      expect(await inboxRows(id)).toEqual([]);
    });

    it('401 and nothing stored when one byte of the body changed after signing', async () => {
      const id = randomWamid();
      const raw = JSON.stringify(textWebhook(randomGuestPhone(), 'hola', id));
      const tampered = raw.replace('hola', 'hole');
      const res = await post(tampered, sign(raw));
      expect(res.statusCode).toBe(401);
      expect(await inboxRows(id)).toEqual([]);
    });

    it('401 with a signature made with another secret', async () => {
      const raw = JSON.stringify(textWebhook(randomGuestPhone(), 'hola'));
      const res = await post(raw, sign(raw, 'another-secret'));
      expect(res.statusCode).toBe(401);
    });

    it('400 for a body that is not JSON', async () => {
      const raw = '{"object": "whatsapp_business_account", ';
      const res = await post(raw, sign(raw));
      expect(res.statusCode).toBe(400);
      expect(res.json()).toEqual({ error: expect.any(String), message: expect.any(String) });
    });
  });

  it('stores a text message with its trace id, answers 200, and the guest gets the menu', async () => {
    const phone = randomGuestPhone();
    const id = randomWamid();
    const raw = JSON.stringify(textWebhook(phone, 'Hola! ¿Tienen la cabaña libre?', id));
    const res = await t.app.inject({
      method: 'POST',
      url: URL,
      headers: {
        'content-type': 'application/json',
        'x-hub-signature-256': sign(raw),
        'x-trace-id': 'trace-wa-1',
      },
      payload: raw,
    });
    expect(res.statusCode).toBe(200);
    const [row] = await inboxRows(id);
    expect(row).toMatchObject({ kind: 'text', trace_id: 'trace-wa-1' });
    const [reply] = await eventually(() => (repliesTo(phone).length > 0 ? repliesTo(phone) : null));
    expect(reply).toMatchObject({ messaging_product: 'whatsapp', type: 'text', to: `+${phone}` });
    expect((reply!.text as { body: string }).body).toMatch(/Hola/);
    await eventually(async () => (await inboxRows(id))[0]?.status === 'done');
    const [outbound] = await eventually(() =>
      sql<{ status: string; provider_message_id: string | null; trace_id: string }>(
        t,
        `select status, provider_message_id, trace_id from outbound_messages where recipient = ? and status = 'sent'`,
        [phone],
      ).then((rows) => (rows.length ? rows : null)),
    );
    expect(outbound).toMatchObject({ status: 'sent', trace_id: 'trace-wa-1' });
    expect(outbound!.provider_message_id).toMatch(/^wamid\./);
  });

  it('keeps a signed payload of unexpected shape for inspection and answers 200', async () => {
    const body = { object: 'page', entry: [{ id: 'x', messaging: [] }], nonce: randomWamid() };
    const raw = JSON.stringify(body);
    const res = await post(raw);
    expect(res.statusCode).toBe(200);
    const { createHash } = await import('node:crypto');
    const [row] = await inboxRows(createHash('sha256').update(raw).digest('hex'));
    expect(row).toMatchObject({ status: 'unrecognized', kind: 'unrecognized' });
  });

  it('the same message id delivered 10 times, one after another and at once, gives one row and one reply', async () => {
    const metricBefore = await duplicatesMetric();
    for (const concurrent of [false, true]) {
      const phone = randomGuestPhone();
      const id = randomWamid();
      const raw = JSON.stringify(textWebhook(phone, 'hola', id));
      const send = () => post(raw);
      const responses = concurrent
        ? await Promise.all(Array.from({ length: 10 }, send))
        : await Array.from({ length: 10 }).reduce<Promise<{ statusCode: number }[]>>(
            async (acc) => [...(await acc), await send()],
            Promise.resolve([]),
          );
      expect(responses.map((r) => r.statusCode)).toEqual(Array(10).fill(200));
      expect(await inboxRows(id)).toHaveLength(1);
      await eventually(async () => (await inboxRows(id))[0]?.status === 'done');
      await eventually(() => repliesTo(phone).length === 1);
      // Give a would-be second reply the chance to show up before counting.
      await t.app
        .get((await import('../../../src/messaging/outbox/outbox.dispatcher.js')).OutboxDispatcher)
        .dispatchDue();
      expect(repliesTo(phone)).toHaveLength(1);
    }
    expect((await duplicatesMetric()) - metricBefore).toBe(18);
  });

  it('statuses update the outbox row they refer to, never going back to an older state', async () => {
    const phone = randomGuestPhone();
    const raw = JSON.stringify(textWebhook(phone, 'hola'));
    expect((await post(raw)).statusCode).toBe(200);
    const [row] = await eventually(() =>
      sql<{ provider_message_id: string }>(
        t,
        `select provider_message_id from outbound_messages where recipient = ? and status = 'sent'`,
        [phone],
      ).then((rows) => (rows.length ? rows : null)),
    );
    const wamid = row!.provider_message_id;
    const deliveryOf = async () =>
      (
        await sql<{ delivery_status: string | null; delivery_error: unknown }>(
          t,
          'select delivery_status, delivery_error from outbound_messages where provider_message_id = ?',
          [wamid],
        )
      )[0]!;

    expect((await post(statusWebhook(wamid, 'delivered'))).statusCode).toBe(200);
    await eventually(async () => (await deliveryOf()).delivery_status === 'delivered');
    // An older "sent" arriving late must not overwrite "delivered".
    expect((await post(statusWebhook(wamid, 'sent'))).statusCode).toBe(200);
    expect((await post(statusWebhook(wamid, 'read'))).statusCode).toBe(200);
    await eventually(async () => (await deliveryOf()).delivery_status === 'read');
    await t.app.get((await import('../../../src/webhooks/inbox/inbox.processor.js')).InboxProcessor).drain();
    expect((await deliveryOf()).delivery_status).toBe('read');
  });

  it('a failed status records its error', async () => {
    const phone = randomGuestPhone();
    expect((await post(textWebhook(phone, 'hola'))).statusCode).toBe(200);
    const [row] = await eventually(() =>
      sql<{ provider_message_id: string }>(
        t,
        `select provider_message_id from outbound_messages where recipient = ? and status = 'sent'`,
        [phone],
      ).then((rows) => (rows.length ? rows : null)),
    );
    const error = {
      code: 131047,
      title: 'Re-engagement message',
      message: 'Re-engagement message',
      error_data: {
        details: 'More than 24 hours have passed since the recipient last replied to the sender number.',
      },
    };
    expect(
      (await post(statusWebhook(row!.provider_message_id, 'failed', { errors: [error] }))).statusCode,
    ).toBe(200);
    const [after] = await eventually(() =>
      sql<{ delivery_status: string; delivery_error: { code: number }[] }>(
        t,
        `select delivery_status, delivery_error from outbound_messages where provider_message_id = ? and delivery_status = 'failed'`,
        [row!.provider_message_id],
      ).then((rows) => (rows.length ? rows : null)),
    );
    expect(after!.delivery_error).toEqual([
      expect.objectContaining({ code: 131047, details: error.error_data.details }),
    ]);
  });

  it('a reaction and its removal are two events even with the same message id', async () => {
    const phone = randomGuestPhone();
    const id = randomWamid();
    const reaction = (emoji?: string) =>
      messageWebhook(
        phone,
        { type: 'reaction', reaction: { message_id: randomWamid(), ...(emoji ? { emoji } : {}) } },
        id,
      );
    expect((await post(reaction('👍'))).statusCode).toBe(200);
    expect((await post(reaction())).statusCode).toBe(200);
    const rows = await sql(
      t,
      `select id from inbound_events where provider = 'whatsapp' and external_id like ?`,
      [`${id}:%`],
    );
    expect(rows).toHaveLength(2);
  });

  it('with the API down for a stretch, 50 guests get their 50 replies once it is back: none lost, none doubled', async () => {
    fake.fail({ kind: 'status', status: 500 });
    const phones = Array.from({ length: 50 }, () => randomGuestPhone());
    const responses = await Promise.all(phones.map((phone) => post(textWebhook(phone, 'hola'))));
    expect(responses.map((r) => r.statusCode)).toEqual(Array(50).fill(200));
    const queued = () =>
      sql<{ status: string }>(
        t,
        `select status from outbound_messages where recipient in (${phones.map(() => '?').join(', ')})`,
        phones,
      );
    await eventually(async () => (await queued()).length === 50);
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect((await queued()).filter((r) => r.status === 'sent')).toHaveLength(0);
    fake.reset();
    await eventually(async () => (await queued()).every((r) => r.status === 'sent'), 30_000);
    for (const phone of phones) expect(repliesTo(phone)).toHaveLength(1);
  });

  async function duplicatesMetric(): Promise<number> {
    const res = await t.app.inject({ method: 'GET', url: '/metrics' });
    const match = /webhook_duplicates_total\{provider="whatsapp"\} (\d+)/.exec(res.body);
    return match ? Number(match[1]) : 0;
  }
});
