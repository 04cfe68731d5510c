import { sql } from '../../support/db.js';
import { dropIsolatedDatabases, isolatedDatabaseUrl } from '../../support/isolated-database.js';
import { metricValue } from '../../support/metrics.js';
import { MP_WEBHOOK_PATH, postPaymentNotification } from '../../support/mercadopago-webhooks.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

const rowsFor = (t: TestApp, paymentId: string) =>
  sql<{ external_id: string; kind: string; status: string; payload: Record<string, unknown> }>(
    t,
    `select external_id, kind, status, payload from inbound_events
      where provider = 'mercadopago' and external_id like ?`,
    [`payment:${paymentId}:%`],
  );

let nextId = Date.now();
const newPaymentId = () => String(nextId++);

describe('POST /api/v1/webhooks/mercadopago', () => {
  let t: TestApp;

  beforeAll(async () => {
    // Nothing processes the rows here: this suite is about what the endpoint stores.
    // Its own database too: another suite's workers would otherwise take these rows.
    t = await startTestApp({ env: { DATABASE_URL: await isolatedDatabaseUrl(), WORKERS_ENABLED: 'false' } });
  });
  afterAll(async () => {
    await t?.close();
    await dropIsolatedDatabases();
  });

  it('a signed payment notification is stored in the inbox and answered 200 at once', async () => {
    const before = await metricValue(t, 'payments_webhooks_total', { outcome: 'stored' });
    const paymentId = newPaymentId();
    const res = await postPaymentNotification(t.app, paymentId, { notificationId: 42 });
    expect(res).toEqual({ status: 200, body: { status: 'stored' } });
    const rows = await rowsFor(t, paymentId);
    expect(rows).toEqual([
      {
        external_id: `payment:${paymentId}:payment.created:42`,
        kind: 'payment',
        status: 'pending',
        payload: {
          payment_id: paymentId,
          action: 'payment.created',
          notification_id: '42',
          live_mode: false,
        },
      },
    ]);
    expect((await metricValue(t, 'payments_webhooks_total', { outcome: 'stored' })) - before).toBe(1);
  });

  it('a redelivery of the same notification is a duplicate: 200, not stored again', async () => {
    const paymentId = newPaymentId();
    await postPaymentNotification(t.app, paymentId, { notificationId: 7 });
    const before = await metricValue(t, 'payments_webhooks_total', { outcome: 'duplicate' });
    const again = await postPaymentNotification(t.app, paymentId, { notificationId: 7 });
    expect(again).toEqual({ status: 200, body: { status: 'duplicate' } });
    expect(await rowsFor(t, paymentId)).toHaveLength(1);
    expect((await metricValue(t, 'payments_webhooks_total', { outcome: 'duplicate' })) - before).toBe(1);
    // A new notification about the same payment (e.g. it got approved) is a new row.
    await postPaymentNotification(t.app, paymentId, { notificationId: 8, action: 'payment.updated' });
    expect(await rowsFor(t, paymentId)).toHaveLength(2);
  });

  it.each([
    ['a wrong secret', { secret: 'not-the-webhook-secret' }],
    ['no x-signature', { headers: { 'x-signature': '' } }],
    ['a malformed x-signature', { headers: { 'x-signature': 'garbage' } }],
    ['another x-request-id than the signed one', { headers: { 'x-request-id': 'someone-else' } }],
  ])('%s: 401 with a JSON error, nothing stored', async (_name, options) => {
    const before = await metricValue(t, 'payments_webhooks_total', { outcome: 'invalid_signature' });
    const paymentId = newPaymentId();
    const res = await postPaymentNotification(t.app, paymentId, options);
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: 'invalid_signature' });
    expect(await rowsFor(t, paymentId)).toHaveLength(0);
    expect((await metricValue(t, 'payments_webhooks_total', { outcome: 'invalid_signature' })) - before).toBe(
      1,
    );
  });

  it('a query data.id other than the signed one is a bad signature', async () => {
    const paymentId = newPaymentId();
    const res = await postPaymentNotification(t.app, paymentId, {
      query: `data.id=1${paymentId}&type=payment`,
    });
    expect(res.status).toBe(401);
  });

  it.each([
    ['without type', { action: 'payment.created', data: { id: '1' } }],
    ['without data.id', { type: 'payment', action: 'payment.created' }],
    ['with a data.id other than the query one', { type: 'payment', data: { id: '999' } }],
    ['with a non-string action', { type: 'payment', action: 5, data: { id: 'ID' } }],
  ])('a signed body %s: 400 with a JSON error, nothing stored', async (_name, body) => {
    const paymentId = newPaymentId();
    const res = await postPaymentNotification(t.app, paymentId, {
      body: JSON.parse(JSON.stringify(body).replace('"ID"', `"${paymentId}"`)) as Record<string, unknown>,
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'invalid_payload', message: expect.any(String) });
    expect(await rowsFor(t, paymentId)).toHaveLength(0);
  });

  it('a body that is not JSON: 400 with a JSON error', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `${MP_WEBHOOK_PATH}?data.id=1&type=payment`,
      headers: { 'content-type': 'application/json', 'x-signature': 'ts=1,v1=00', 'x-request-id': 'r' },
      payload: '{not json',
    });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    expect(res.json()).toMatchObject({ error: expect.any(String) });
  });

  it('other topics are acknowledged and ignored', async () => {
    const paymentId = newPaymentId();
    const res = await postPaymentNotification(t.app, paymentId, {
      body: { type: 'merchant_order', action: 'merchant_order.updated', data: { id: paymentId } },
    });
    expect(res).toEqual({ status: 200, body: { status: 'ignored' } });
    expect(await rowsFor(t, paymentId)).toHaveLength(0);
  });
});
