import { EntityManager } from '@mikro-orm/postgresql';
import { seedDemoAccommodations } from '../../../src/database/seed.js';
import { DepositLinkRetrier } from '../../../src/payments/deposit-link.retrier.js';
import { FakeMercadoPagoApi } from '../../../src/sandbox/fake-mercadopago-api.js';
import { FakeWhatsAppApi } from '../../../src/sandbox/fake-whatsapp-api.js';
import { sql } from '../../support/db.js';
import { dropIsolatedDatabases, isolatedDatabaseUrl } from '../../support/isolated-database.js';
import { metricValue } from '../../support/metrics.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { eventually, postWebhook, randomGuestPhone, textWebhook } from '../../support/whatsapp-webhooks.js';

type Sent = { to: string; type: string; text?: { body: string } };

interface RequestRow {
  code: string;
  preference_id: string | null;
  checkout_url: string | null;
  status: string;
  attempts: number;
  last_error: string | null;
}

describe('deposit links: a MercadoPago preference per hold, and the later path when it is down', () => {
  let mp: FakeMercadoPagoApi;
  let wa: FakeWhatsAppApi;
  let t: TestApp;
  let day = 1;

  beforeAll(async () => {
    mp = new FakeMercadoPagoApi({ accessToken: 'TEST-sandbox-access-token', webhookSecret: 'x' });
    wa = new FakeWhatsAppApi('sandbox-access-token');
    await Promise.all([mp.start(), wa.start()]);
    t = await startTestApp({
      env: {
        DATABASE_URL: await isolatedDatabaseUrl(),
        MERCADOPAGO_API_URL: mp.url,
        WHATSAPP_API_URL: wa.url,
        PUBLIC_BASE_URL: 'https://reservas.example.com',
        // The retrier's calls may wait long; the one a guest's reply waits on may not.
        MERCADOPAGO_TIMEOUT_MS: '5000',
        MERCADOPAGO_INLINE_TIMEOUT_MS: '200',
        CIRCUIT_BREAKER_OPEN_MS: '100',
        WHATSAPP_RETRY_BASE_MS: '20',
        WHATSAPP_RETRY_MAX_MS: '60',
        OUTBOX_DISPATCH_INTERVAL_MS: '100',
        INBOX_SWEEP_INTERVAL_MS: '100',
      },
    });
    await seedDemoAccommodations(t.app.get(EntityManager).fork());
  });
  afterAll(async () => {
    await t?.close();
    await Promise.all([mp.stop(), wa.stop()]);
    await dropIsolatedDatabases();
  });
  beforeEach(async () => {
    mp.reset();
    // Each test starts with MercadoPago's breaker closed or about to probe, not failing fast.
    await eventually(
      async () => (await metricValue(t, 'circuit_breaker_state', { service: 'mercadopago' })) !== 1,
    );
  });

  const textsTo = (phone: string) =>
    (wa.sentMessages as Sent[]).filter((m) => m.to === `+${phone}`).map((m) => m.text?.body ?? '');

  async function say(phone: string, text: string): Promise<string> {
    const before = textsTo(phone).length;
    expect(await postWebhook(t.app, textWebhook(phone, text))).toBe(200);
    await eventually(() => textsTo(phone).length > before);
    return textsTo(phone)[before]!;
  }

  /** A fresh pair of nights in June 2027 for each test, so holds never overlap. */
  async function book(phone: string): Promise<{ reply: string; row: RequestRow }> {
    const from = day;
    day += 3;
    const reply = await say(
      phone,
      `quiero reservar la cabaña del lago del ${from} al ${from + 2} de junio de 2027 para 2`,
    );
    const [row] = await requestOf(phone);
    return { reply, row: row! };
  }

  const requestOf = (phone: string) =>
    sql<RequestRow>(
      t,
      `select r.code, p.preference_id, p.checkout_url, p.status, p.attempts, p.last_error
         from payments p join reservations r on r.id = p.reservation_id
        where r.guest_phone = ? and p.payment_id is null`,
      [phone],
    );

  it('a hold creates the preference (code, deposit, hold expiry, notification URL) and the reply carries its init_point', async () => {
    const phone = randomGuestPhone();
    const { reply, row } = await book(phone);
    expect(row.preference_id).not.toBeNull();
    expect(reply).toContain(row.checkout_url!);
    const preference = mp.preference(row.preference_id!)!;
    const [reservation] = await sql<{ deposit_amount: string; expires_at: Date }>(
      t,
      'select deposit_amount::text as deposit_amount, expires_at from reservations where code = ?',
      [row.code],
    );
    expect(preference.body).toMatchObject({
      external_reference: row.code,
      notification_url: 'https://reservas.example.com/api/v1/webhooks/mercadopago?source_news=webhooks',
      items: [{ unit_price: Number(reservation!.deposit_amount), currency_id: 'ARS', quantity: 1 }],
      expires: true,
    });
    // The checkout closes when the hold does.
    expect(Date.parse(preference.body.expiration_date_to as string)).toBe(
      new Date(reservation!.expires_at).getTime(),
    );
    expect(mp.requests[0]!.headers['x-idempotency-key']).toBe(`deposit-preference:${row.code}`);

    // Asking to pay again gives the same link without a new preference.
    expect(await say(phone, `quiero pagar la seña de ${row.code}`)).toContain(row.checkout_url!);
    expect(mp.preferencesFor(row.code)).toHaveLength(1);
  });

  it('with a configured MercadoPago there is no sandbox checkout route at all', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/sandbox/checkout/1234567890-x' });
    expect(res.statusCode).toBe(404);
  });

  it('MercadoPago down: the hold stands, the guest is told the link follows, and it arrives once MercadoPago is back', async () => {
    const deferredBefore = await metricValue(t, 'payments_deposit_links_total', { outcome: 'deferred' });
    mp.fail({ kind: 'status', status: 503 });
    const phone = randomGuestPhone();
    const { reply, row } = await book(phone);
    expect(reply).toMatch(/En unos minutos te mando por acá el link/);
    expect(reply).not.toMatch(/https?:\/\//);
    expect(row).toMatchObject({ preference_id: null, status: 'pending', attempts: 1 });
    expect(row.last_error).toMatch(/503/);
    const [hold] = await sql<{ status: string }>(t, 'select status from reservations where code = ?', [
      row.code,
    ]);
    expect(hold!.status).toBe('pre_reserved');
    expect(
      (await metricValue(t, 'payments_deposit_links_total', { outcome: 'deferred' })) - deferredBefore,
    ).toBe(1);

    // While it is still down, asking to pay gets a kind "it is coming" instead of a link.
    expect(await say(phone, `quiero pagar la seña de ${row.code}`)).toMatch(
      /Te lo mando por acá en unos minutos/,
    );

    // A pass while it is still down keeps the request for later.
    await t.app.get(DepositLinkRetrier).retryDue();
    expect((await requestOf(phone))[0]!.preference_id).toBeNull();

    mp.reset();
    const before = textsTo(phone).length;
    await eventually(async () => {
      await t.app.get(DepositLinkRetrier).retryDue();
      return textsTo(phone).length > before;
    });
    const [stored] = await requestOf(phone);
    expect(stored!.checkout_url).not.toBeNull();
    const message = textsTo(phone)[before]!;
    expect(message).toContain(stored!.checkout_url!);
    expect(message).toContain(row.code);
    // Two nights at $ 85.000, 30 % deposit.
    expect(message).toMatch(/Seña: \$\s51\.000/);

    // Later passes send nothing more.
    await t.app.get(DepositLinkRetrier).retryDue();
    expect(textsTo(phone).length).toBe(before + 1);
    expect(mp.preferencesFor(row.code)).toHaveLength(1);
  });

  it('a timeout is the same as down: the reply waits for one short try only, and the link follows', async () => {
    mp.fail({ kind: 'timeout' }, 1);
    const phone = randomGuestPhone();
    const started = Date.now();
    const { reply, row } = await book(phone);
    // MERCADOPAGO_INLINE_TIMEOUT_MS (200 ms), not MERCADOPAGO_TIMEOUT_MS (5 s).
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(reply).toMatch(/En unos minutos te mando/);
    expect(row).toMatchObject({ preference_id: null, status: 'pending' });
    expect(row.last_error).toMatch(/timed out/);

    const before = textsTo(phone).length;
    await sql(
      t,
      `update payments set next_attempt_at = now() where payment_id is null and checkout_url is null`,
    );
    await eventually(async () => {
      await t.app.get(DepositLinkRetrier).retryDue();
      return textsTo(phone).length > before;
    });
    expect(textsTo(phone)[before]).toContain((await requestOf(phone))[0]!.checkout_url!);
  });

  it('a hold that lapsed before MercadoPago came back gets no link', async () => {
    mp.fail({ kind: 'status', status: 500 });
    const phone = randomGuestPhone();
    const { row } = await book(phone);
    await sql(t, `update reservations set expires_at = now() - interval '1 minute' where code = ?`, [
      row.code,
    ]);
    // Due now, whatever its backoff said: only the lapsed hold may stop it.
    await sql(
      t,
      `update payments set next_attempt_at = now() where payment_id is null and checkout_url is null`,
    );
    mp.reset();
    await t.app.get(DepositLinkRetrier).retryDue();
    expect((await requestOf(phone))[0]!.preference_id).toBeNull();
    expect(mp.preferencesFor(row.code)).toHaveLength(0);
  });

  it('a preference MercadoPago refuses (4xx) is not retried: the guest is told someone will write, the operator sees it in the log and the metric', async () => {
    const before = await metricValue(t, 'payments_deposit_links_total', { outcome: 'refused' });
    mp.fail({ kind: 'status', status: 400 }, 1);
    const phone = randomGuestPhone();
    const { reply, row } = await book(phone);
    expect(reply).toContain('Te vamos a escribir por acá para coordinar el pago');
    expect(reply).not.toMatch(/te mando/);
    expect(row.status).toBe('link_failed');
    expect((await metricValue(t, 'payments_deposit_links_total', { outcome: 'refused' })) - before).toBe(1);
    await t.app.get(DepositLinkRetrier).retryDue();
    expect(mp.preferencesFor(row.code)).toHaveLength(0);
    // Asking to pay gets the same answer, not a promise of a link.
    expect(await say(phone, `quiero pagar la seña de ${row.code}`)).toContain('Te vamos a escribir');
  });

  it('a preference refused on the later path: the guest, told the link would follow, hears so once', async () => {
    const before = await metricValue(t, 'payments_deposit_links_total', { outcome: 'refused' });
    mp.fail({ kind: 'status', status: 503 });
    const phone = randomGuestPhone();
    const { reply, row } = await book(phone);
    expect(reply).toMatch(/te mando/);
    mp.reset();
    mp.fail({ kind: 'status', status: 422 }, 1);
    await eventually(async () => {
      await t.app.get(DepositLinkRetrier).retryDue();
      return (await requestOf(phone))[0]!.status === 'link_failed';
    });
    await eventually(() => textsTo(phone).length >= 2);
    expect(textsTo(phone)[1]).toContain(
      `No pude generar el link para pagar la seña de tu reserva *${row.code}*`,
    );
    await t.app.get(DepositLinkRetrier).retryDue();
    expect((await metricValue(t, 'payments_deposit_links_total', { outcome: 'refused' })) - before).toBe(1);
    expect(textsTo(phone)).toHaveLength(2);
  });
});
