import { getToken } from '@willsoto/nestjs-prometheus';
import { CircuitBreakerFactory } from '../../../src/common/resilience/circuit-breaker.factory.js';
import { CircuitOpenError } from '../../../src/common/resilience/circuit-breaker.js';
import { MercadoPagoApiError } from '../../../src/payments/mercadopago/mercadopago-api.error.js';
import {
  MERCADOPAGO_RETRIES,
  MercadoPagoClient,
} from '../../../src/payments/mercadopago/mercadopago.client.js';
import type { DepositPreferenceRequest } from '../../../src/payments/mercadopago/mercadopago.types.js';
import { FakeMercadoPagoApi } from '../../../src/sandbox/fake-mercadopago-api.js';
import { metricValue } from '../../support/metrics.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

const TOKEN = 'TEST-mp-token-for-tests';

const deposit = (reference = 'RES-ABCDEF'): DepositPreferenceRequest => ({
  reference,
  title: 'Seña 30% - Cabaña del Lago - 10/03 al 12/03/2027',
  description: 'Reserva de 2 noches, 2 personas',
  amount: '54000.00',
  currency: 'ARS',
  notificationUrl: 'https://reservas.example.com/api/v1/webhooks/mercadopago?source_news=webhooks',
  availableFrom: new Date('2027-01-05T14:00:00.000Z'),
  expiresAt: new Date('2027-01-05T15:00:00.000Z'),
});

describe('MercadoPagoClient against the fake MercadoPago API', () => {
  let fake: FakeMercadoPagoApi;
  let t: TestApp;
  let client: MercadoPagoClient;

  beforeAll(async () => {
    fake = new FakeMercadoPagoApi({ accessToken: TOKEN, webhookSecret: 'unused-in-this-test' });
    await fake.start();
    t = await startTestApp({
      env: {
        MERCADOPAGO_API_URL: fake.url,
        MERCADOPAGO_ACCESS_TOKEN: TOKEN,
        WORKERS_ENABLED: 'false',
        MERCADOPAGO_TIMEOUT_MS: '200',
        WHATSAPP_RETRY_BASE_MS: '40',
        WHATSAPP_RETRY_MAX_MS: '150',
        // Long enough that the open breaker is still open when the test looks, however loaded the machine.
        CIRCUIT_BREAKER_OPEN_MS: '30000',
      },
    });
  });
  afterAll(async () => {
    await t.close();
    await fake.stop();
  });
  beforeEach(() => {
    fake.reset();
    fake.clearRequests();
    // A fresh breaker per test: each test starts closed.
    client = new MercadoPagoClient(
      t.config,
      { whatsapp: '', transcription: undefined, mercadopago: fake.url },
      t.app.get(CircuitBreakerFactory),
      t.app.get(getToken(MERCADOPAGO_RETRIES)),
    );
  });

  it('creates a deposit preference in the documented shape, with the token and the idempotency key', async () => {
    const created = await client.createPreference(deposit(), 'preference:RES-ABCDEF');
    expect(created.id).toMatch(/^1234567890-/);
    expect(created.initPoint).toContain(created.id);
    const [request] = fake.requests;
    expect(request).toMatchObject({ method: 'POST', path: '/checkout/preferences' });
    expect(request!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(request!.headers['x-idempotency-key']).toBe('preference:RES-ABCDEF');
    expect(request!.body).toMatchObject({
      items: [{ quantity: 1, currency_id: 'ARS', unit_price: 54000, title: expect.stringContaining('Seña') }],
      external_reference: 'RES-ABCDEF',
      notification_url: deposit().notificationUrl,
      binary_mode: true,
      expires: true,
      // 15:00 UTC is noon in Buenos Aires, written with the offset MercadoPago asks for.
      expiration_date_to: '2027-01-05T12:00:00.000-03:00',
    });
  });

  it('the same idempotency key gives back the same preference', async () => {
    const first = await client.createPreference(deposit('RES-SAME22'), 'preference:RES-SAME22');
    const second = await client.createPreference(deposit('RES-SAME22'), 'preference:RES-SAME22');
    expect(second).toEqual(first);
    expect(fake.preferencesFor('RES-SAME22')).toHaveLength(1);
  });

  it('gets a payment with its amount as a decimal string', async () => {
    const id = fake.addPayment({ status: 'approved', externalReference: 'RES-ABCDEF', amount: 54000.5 });
    const payment = await client.getPayment(id);
    expect(payment).toMatchObject({
      id,
      status: 'approved',
      statusDetail: 'accredited',
      externalReference: 'RES-ABCDEF',
      amount: '54000.50',
      currency: 'ARS',
      liveMode: false,
    });
    expect(fake.requests[0]).toMatchObject({ method: 'GET', path: `/v1/payments/${id}` });
  });

  it('an unknown payment is a final 404', async () => {
    const error = (await client.getPayment('999').catch((e: unknown) => e)) as MercadoPagoApiError;
    expect(error).toBeInstanceOf(MercadoPagoApiError);
    expect(error.details).toMatchObject({ status: 404, error: 'not_found', retryable: false });
    expect(fake.requests).toHaveLength(1);
  });

  it.each([
    ['a 500', { kind: 'status', status: 500 } as const],
    ['a 503', { kind: 'status', status: 503 } as const],
    ['a timeout', { kind: 'timeout' } as const],
  ])('retries %s 3 times in all, counting the retries, then fails retryable', async (_name, failure) => {
    const before = await metricValue(t, 'mercadopago_retries_total');
    fake.fail(failure);
    const error = await client.createPreference(deposit(), 'k-retry').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MercadoPagoApiError);
    expect((error as MercadoPagoApiError).retryable).toBe(true);
    expect(fake.requests).toHaveLength(3);
    expect((await metricValue(t, 'mercadopago_retries_total')) - before).toBe(2);
  });

  it('recovers when the API comes back between attempts, and honours a 429 Retry-After', async () => {
    fake.fail({ kind: 'status', status: 429, retryAfterSeconds: 0 }, 1);
    await expect(client.createPreference(deposit(), 'k-429')).resolves.toMatchObject({
      id: expect.any(String),
    });
    expect(fake.requests).toHaveLength(2);
    fake.clearRequests();
    const id = fake.addPayment({ status: 'pending', externalReference: 'RES-ABCDEF', amount: 10 });
    fake.fail({ kind: 'status', status: 502 }, 2);
    await expect(client.getPayment(id)).resolves.toMatchObject({ status: 'pending' });
    expect(fake.requests).toHaveLength(3);
  });

  it('a call with one attempt tries once', async () => {
    fake.fail({ kind: 'status', status: 500 });
    await expect(client.createPreference(deposit(), 'k-once', { attempts: 1 })).rejects.toBeInstanceOf(
      MercadoPagoApiError,
    );
    expect(fake.requests).toHaveLength(1);
  });

  it.each([
    ['a 400', { kind: 'status', status: 400 } as const],
    ['a 401', { kind: 'status', status: 401 } as const],
    ['a 200 that is not JSON', { kind: 'status', status: 200, body: '<html>ok</html>' } as const],
    ['a 200 without the fields', { kind: 'status', status: 200, body: '{"status":"ok"}' } as const],
  ])('does not retry %s', async (_name, failure) => {
    fake.fail(failure);
    const error = (await client
      .createPreference(deposit(), 'k-final')
      .catch((e: unknown) => e)) as MercadoPagoApiError;
    expect(error).toBeInstanceOf(MercadoPagoApiError);
    expect(error.retryable).toBe(false);
    expect(fake.requests).toHaveLength(1);
  });

  it('a payment body without an amount is a bad payload, not a payment', async () => {
    fake.fail({ kind: 'status', status: 200, body: '{"id":1,"status":"approved"}' });
    const error = (await client.getPayment('1').catch((e: unknown) => e)) as MercadoPagoApiError;
    expect(error.details).toMatchObject({ error: 'bad_payload', retryable: false });
  });

  it('the fake refuses a preference without items, as MercadoPago does', async () => {
    const res = await fetch(`${fake.url}/checkout/preferences`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ external_reference: 'x' }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'bad_request', status: 400 });
  });

  it('opens the breaker after 5 failed calls and fails fast while open', async () => {
    fake.fail({ kind: 'status', status: 500 });
    await expect(client.createPreference(deposit(), 'b1')).rejects.toBeInstanceOf(MercadoPagoApiError);
    await expect(client.createPreference(deposit(), 'b2')).rejects.toBeInstanceOf(CircuitOpenError);
    expect(fake.requests).toHaveLength(5);
    expect(await metricValue(t, 'circuit_breaker_state', { service: 'mercadopago' })).toBe(1);
    await expect(client.getPayment('1')).rejects.toBeInstanceOf(CircuitOpenError);
    expect(fake.requests).toHaveLength(5);
  });
});
