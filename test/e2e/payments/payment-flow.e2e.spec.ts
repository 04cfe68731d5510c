import { EntityManager } from '@mikro-orm/postgresql';
import { FORBIDDEN_WORDS } from '../../../src/conversation/guest-texts.js';
import { seedDemoAccommodations } from '../../../src/database/seed.js';
import { ReservationsService } from '../../../src/reservations/reservations.service.js';
import { PaymentNotificationRevival } from '../../../src/webhooks/mercadopago/payment-notification-revival.js';
import type { FakeMercadoPagoApi } from '../../../src/sandbox/fake-mercadopago-api.js';
import type { FakeWhatsAppApi } from '../../../src/sandbox/fake-whatsapp-api.js';
import { SandboxServers } from '../../../src/sandbox/sandbox.module.js';
import { sql } from '../../support/db.js';
import { dropIsolatedDatabases, isolatedDatabaseUrl } from '../../support/isolated-database.js';
import { deliverThroughInject, postPaymentNotification } from '../../support/mercadopago-webhooks.js';
import { metricValue } from '../../support/metrics.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { eventually, postWebhook, randomGuestPhone, textWebhook } from '../../support/whatsapp-webhooks.js';

const FORBIDDEN = new RegExp(`\\b(${FORBIDDEN_WORDS.join('|')})\\b`, 'i');
const CHECKOUT = /https?:\/\/\S+\/api\/v1\/sandbox\/checkout\/(\S+)/;

type Sent = { to: string; type: string; text?: { body: string } };

interface PaymentRow {
  payment_id: string;
  status: string;
  outcome: string | null;
  amount: string;
  raw: Record<string, unknown> | null;
}

/**
 * The whole deposit flow through the HTTP surface, on the sandbox's own fakes: a guest books over a
 * signed WhatsApp webhook, gets the fake MercadoPago's checkout link, "pays" on the sandbox checkout
 * page, the fake sends the signed notification, and the guest hears back on the fake WhatsApp API.
 */
describe('the MercadoPago deposit flow, end to end', () => {
  let t: TestApp;
  let mp: FakeMercadoPagoApi;
  let wa: FakeWhatsAppApi;
  let day = 1;

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        DATABASE_URL: await isolatedDatabaseUrl(),
        OUTBOX_DISPATCH_INTERVAL_MS: '100',
        INBOX_SWEEP_INTERVAL_MS: '100',
        WHATSAPP_RETRY_BASE_MS: '20',
        WHATSAPP_RETRY_MAX_MS: '60',
        MERCADOPAGO_TIMEOUT_MS: '500',
        CIRCUIT_BREAKER_OPEN_MS: '100',
      },
    });
    await seedDemoAccommodations(t.app.get(EntityManager).fork());
    const servers = t.app.get(SandboxServers);
    mp = servers.mercadopago!;
    wa = servers.whatsapp!;
    // The test app does not listen: the fake's notifications go in through inject.
    deliverThroughInject(mp, t.app);
  });
  afterAll(async () => {
    await t?.close();
    await dropIsolatedDatabases();
  });
  beforeEach(async () => {
    mp.reset();
    await eventually(
      async () => (await metricValue(t, 'circuit_breaker_state', { service: 'mercadopago' })) !== 1,
    );
  });

  const textsTo = (phone: string) =>
    (wa.sentMessages as Sent[])
      .filter((m) => m.to === `+${phone}`)
      .map((m) => (m.text?.body ?? '').replace(/\u00a0/g, ' '));

  async function say(phone: string, text: string): Promise<string> {
    const before = textsTo(phone).length;
    expect(await postWebhook(t.app, textWebhook(phone, text))).toBe(200);
    await eventually(() => textsTo(phone).length > before);
    return textsTo(phone)[before]!;
  }

  /** Books the cabaña for two nights of its own; the code and the checkout link. */
  async function book(
    phone: string,
    when?: string,
  ): Promise<{ code: string; link: string; preferenceId: string }> {
    const dates = when ?? `del ${day} al ${day + 2} de septiembre de 2027`;
    if (!when) day += 3;
    const reply = await say(phone, `quiero reservar la cabaña del lago ${dates} para 2`);
    const link = CHECKOUT.exec(reply);
    expect(link).not.toBeNull();
    const code = /RES-[A-Z0-9]{6}/.exec(reply)![0];
    return { code, link: link![0], preferenceId: link![1]! };
  }

  const statusOf = async (code: string) =>
    (await sql<{ status: string }>(t, 'select status from reservations where code = ?', [code]))[0]!.status;

  const paymentsOf = (code: string) =>
    sql<PaymentRow>(
      t,
      `select p.payment_id, p.status, p.outcome, p.amount::text as amount, p.raw
         from payments p join reservations r on r.id = p.reservation_id
        where r.code = ? and p.payment_id is not null order by p.created_at`,
      [code],
    );

  const confirmationsTo = (phone: string) =>
    textsTo(phone).filter((text) => text.includes('¡Pago Confirmado!'));

  it('book → checkout page → Pagar → signed notification → confirmed, and the guest gets "¡Pago Confirmado!"', async () => {
    const confirmedBefore = await metricValue(t, 'payments_confirmed_total');
    const phone = randomGuestPhone();
    const { code, link, preferenceId } = await book(phone);
    expect(await statusOf(code)).toBe('pre_reserved');

    const path = new URL(link).pathname;
    const pageRes = await t.app.inject({ method: 'GET', url: path });
    expect(pageRes.statusCode).toBe(200);
    expect(pageRes.headers['content-type']).toMatch(/text\/html/);
    expect(pageRes.body).toContain('Pagar');
    expect(pageRes.body).toContain('Cabaña del Lago');

    const paid = await t.app.inject({
      method: 'POST',
      url: `${path}/pay?status=approved`,
      headers: { 'content-type': 'text/plain' },
      payload: '',
    });
    // Post/redirect/get: reloading the result does not pay twice.
    expect(paid.statusCode).toBe(303);
    expect(paid.headers.location).toBe(`${path}?result=approved`);
    const result = await t.app.inject({ method: 'GET', url: paid.headers.location as string });
    expect(result.body).toContain('¡Pago aprobado!');
    expect(mp.deliveries.at(-1)).toMatchObject({ status: 200 });

    await eventually(() => confirmationsTo(phone).length === 1);
    expect(await statusOf(code)).toBe('confirmed');
    const message = confirmationsTo(phone)[0]!;
    for (const part of [code, 'Cabaña del Lago', 'Llegada: 01/09/2027', 'Salida: 03/09/2027', 'confirmada'])
      expect(message).toContain(part);
    expect(message).not.toMatch(FORBIDDEN);
    expect(message).not.toMatch(/mercadopago|webhook|payment/i);

    const [payment] = await paymentsOf(code);
    expect(payment).toMatchObject({ status: 'approved', outcome: 'confirmed', amount: '51000.00' });
    expect(payment!.raw).toMatchObject({ external_reference: code, status: 'approved' });
    const [request] = await sql<{ status: string; preference_id: string }>(
      t,
      `select p.status, p.preference_id from payments p join reservations r on r.id = p.reservation_id
        where r.code = ? and p.payment_id is null`,
      [code],
    );
    expect(request).toEqual({ status: 'paid', preference_id: preferenceId });
    expect((await metricValue(t, 'payments_confirmed_total')) - confirmedBefore).toBe(1);
  });

  it('the sandbox checkout of an unknown preference is a JSON 404', async () => {
    for (const request of [
      { method: 'GET' as const, url: '/api/v1/sandbox/checkout/nope' },
      {
        method: 'POST' as const,
        url: '/api/v1/sandbox/checkout/nope/pay',
        headers: { 'content-type': 'text/plain' },
        payload: '',
      },
    ]) {
      const res = await t.app.inject(request);
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ error: 'not_found' });
    }
  });

  it('duplicate notifications: one confirmation, one message', async () => {
    const confirmedBefore = await metricValue(t, 'payments_confirmed_total');
    const phone = randomGuestPhone();
    const { code, preferenceId } = await book(phone);
    const { paymentId } = await mp.pay(preferenceId);
    // MercadoPago's redeliveries and its payment.updated for the same payment, in a burst.
    const again = await Promise.all([
      mp.notify(paymentId, 'payment.updated'),
      mp.notify(paymentId, 'payment.updated'),
      postPaymentNotification(t.app, paymentId, { notificationId: 5 }),
      postPaymentNotification(t.app, paymentId, { notificationId: 5 }),
    ]);
    expect(again.map((d) => d.status)).toEqual([200, 200, 200, 200]);
    await eventually(async () => {
      const [pending] = await sql<{ n: number }>(
        t,
        `select count(*)::int as n from inbound_events where provider = 'mercadopago' and status = 'pending'`,
      );
      return pending!.n === 0;
    });
    await eventually(() => confirmationsTo(phone).length === 1);
    expect(await statusOf(code)).toBe('confirmed');
    expect(await paymentsOf(code)).toHaveLength(1);
    expect((await metricValue(t, 'payments_confirmed_total')) - confirmedBefore).toBe(1);
    // The outbox holds one confirmation for the reservation, whatever was sent.
    const [outbox] = await sql<{ n: number }>(
      t,
      `select count(*)::int as n from outbound_messages where dedupe_key = ?`,
      [`payment-confirmed:${code}`],
    );
    expect(outbox!.n).toBe(1);
    expect(confirmationsTo(phone)).toHaveLength(1);
  });

  it('a rejected payment confirms nothing and tells the guest once to try again; paying approved confirms', async () => {
    const phone = randomGuestPhone();
    const { code, preferenceId } = await book(phone);
    const before = textsTo(phone).length;
    const rejected = await mp.pay(preferenceId, { status: 'rejected' });
    await eventually(async () => (await paymentsOf(code))[0]?.outcome === 'not_approved');
    expect(await statusOf(code)).toBe('pre_reserved');
    expect((await paymentsOf(code))[0]).toMatchObject({ payment_id: rejected.paymentId, status: 'rejected' });
    await eventually(() => textsTo(phone).length === before + 1);
    const [notice] = textsTo(phone).slice(before);
    expect(notice).toContain(`El pago de la seña de tu reserva *${code}*`);
    expect(notice).toContain('no se aprobó');
    expect(notice).toContain('podés intentarlo de nuevo con el mismo link');

    await mp.pay(preferenceId);
    await eventually(() => confirmationsTo(phone).length === 1);
    expect(await statusOf(code)).toBe('confirmed');
    expect(await paymentsOf(code)).toHaveLength(2);
    expect(textsTo(phone).slice(before)).toEqual([notice, ...confirmationsTo(phone)]);
  });

  it('a second approved payment for a confirmed reservation is flagged for refund, with no second message', async () => {
    const before = await metricValue(t, 'payments_conflicts_total', { reason: 'duplicate' });
    const phone = randomGuestPhone();
    const { code, preferenceId } = await book(phone);
    await mp.pay(preferenceId);
    await eventually(() => confirmationsTo(phone).length === 1);
    const second = await mp.pay(preferenceId);
    await eventually(async () =>
      (await paymentsOf(code)).some((p) => p.payment_id === second.paymentId && p.outcome !== null),
    );
    const payments = await paymentsOf(code);
    expect(payments.map((p) => p.outcome)).toEqual(['confirmed', 'duplicate_refund_needed']);
    expect((await metricValue(t, 'payments_conflicts_total', { reason: 'duplicate' })) - before).toBe(1);
    expect(confirmationsTo(phone)).toHaveLength(1);
  });

  it('a confirmed deposit later charged back alerts the operator once and leaves the booking to a person', async () => {
    const before = await metricValue(t, 'payments_conflicts_total', { reason: 'reversed' });
    const phone = randomGuestPhone();
    const { code, preferenceId } = await book(phone);
    const { paymentId } = await mp.pay(preferenceId);
    await eventually(() => confirmationsTo(phone).length === 1);
    mp.setPaymentStatus(paymentId, 'charged_back');
    await mp.notify(paymentId, 'payment.updated');
    await mp.notify(paymentId, 'payment.updated');
    await eventually(async () => (await paymentsOf(code))[0]?.status === 'charged_back');
    await eventually(async () => {
      const [pending] = await sql<{ n: number }>(
        t,
        `select count(*)::int as n from inbound_events where provider = 'mercadopago' and status = 'pending'`,
      );
      return pending!.n === 0;
    });
    expect((await paymentsOf(code))[0]!.outcome).toBe('confirmed');
    expect(await statusOf(code)).toBe('confirmed');
    expect((await metricValue(t, 'payments_conflicts_total', { reason: 'reversed' })) - before).toBe(1);
  });

  it('a deposit paid after the guest cancelled confirms nothing and is flagged for refund', async () => {
    const before = await metricValue(t, 'payments_conflicts_total', { reason: 'not_active' });
    const phone = randomGuestPhone();
    const { code, preferenceId } = await book(phone);
    expect(await say(phone, `quiero cancelar la reserva ${code}`)).toMatch(/Querés que cancele/);
    expect(await say(phone, 'sí, cancelala')).toMatch(/cancelé/);
    await mp.pay(preferenceId);
    await eventually(async () => (await paymentsOf(code))[0]?.outcome === 'conflict_refund_needed');
    expect(await statusOf(code)).toBe('cancelled');
    expect((await metricValue(t, 'payments_conflicts_total', { reason: 'not_active' })) - before).toBe(1);
    expect(confirmationsTo(phone)).toHaveLength(0);
  });

  it('an approved payment for no known reservation is recorded for the operator', async () => {
    const before = await metricValue(t, 'payments_conflicts_total', { reason: 'unknown_reservation' });
    const paymentId = mp.addPayment({ status: 'approved', externalReference: 'RES-ZZZZZZ', amount: 1000 });
    expect((await postPaymentNotification(t.app, paymentId)).status).toBe(200);
    await eventually(async () => {
      const [row] = await sql<{ outcome: string | null; reservation_id: string | null }>(
        t,
        'select outcome, reservation_id from payments where payment_id = ?',
        [paymentId],
      );
      return row?.outcome === 'unknown_reservation' && row.reservation_id === null;
    });
    expect(
      (await metricValue(t, 'payments_conflicts_total', { reason: 'unknown_reservation' })) - before,
    ).toBe(1);
  });

  it('a notification with a bad signature is refused (401) and changes nothing', async () => {
    const phone = randomGuestPhone();
    const { code, preferenceId } = await book(phone);
    const paymentId = mp.addPayment({ status: 'approved', externalReference: code, amount: 51000 });
    const res = await postPaymentNotification(t.app, paymentId, { secret: 'a-forged-secret-value' });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: 'invalid_signature' });
    expect(await statusOf(code)).toBe('pre_reserved');
    expect(await paymentsOf(code)).toHaveLength(0);
    expect(preferenceId).toBeTruthy();
  });

  it('a payment after the hold expired confirms when the dates are still free', async () => {
    const phone = randomGuestPhone();
    const { code, preferenceId } = await book(phone);
    await sql(t, `update reservations set expires_at = now() - interval '1 minute' where code = ?`, [code]);
    await t.app.get(ReservationsService).expireDue();
    expect(await statusOf(code)).toBe('expired');

    await mp.pay(preferenceId);
    await eventually(() => confirmationsTo(phone).length === 1);
    expect(await statusOf(code)).toBe('confirmed');
    expect((await paymentsOf(code))[0]!.outcome).toBe('confirmed');
    // After a "se venció" notice, the confirmation says why the booking stands after all.
    expect(confirmationsTo(phone)[0]).toContain('Llegó después de que venciera la pre-reserva');
  });

  it('a payment after the hold expired and the dates were taken: refund flagged, guest told kindly, operator alerted', async () => {
    const conflictsBefore = await metricValue(t, 'payments_conflicts_total', { reason: 'dates_taken' });
    const late = randomGuestPhone();
    const first = await book(late, 'del 20 al 22 de octubre de 2027');
    await sql(t, `update reservations set expires_at = now() - interval '1 minute' where code = ?`, [
      first.code,
    ]);
    const other = randomGuestPhone();
    const second = await book(other, 'del 21 al 23 de octubre de 2027');
    expect(await statusOf(first.code)).toBe('expired');

    const before = textsTo(late).length;
    await mp.pay(first.preferenceId);
    await eventually(() => textsTo(late).length > before);
    const told = textsTo(late)[before]!;
    expect(told).toMatch(/ya no están disponibles/);
    expect(told).toMatch(/devolver/);
    expect(told).toContain(first.code);
    expect(told).not.toMatch(FORBIDDEN);

    expect(await statusOf(first.code)).toBe('expired');
    expect(await statusOf(second.code)).toBe('pre_reserved');
    expect((await paymentsOf(first.code))[0]).toMatchObject({
      status: 'approved',
      outcome: 'conflict_refund_needed',
    });
    expect(confirmationsTo(late)).toHaveLength(0);
    expect(
      (await metricValue(t, 'payments_conflicts_total', { reason: 'dates_taken' })) - conflictsBefore,
    ).toBe(1);
  });

  it('an amount other than the deposit is flagged and confirms nothing', async () => {
    const before = await metricValue(t, 'payments_conflicts_total', { reason: 'amount_mismatch' });
    const phone = randomGuestPhone();
    const { code } = await book(phone);
    const paymentId = mp.addPayment({ status: 'approved', externalReference: code, amount: 100 });
    await mp.notify(paymentId, 'payment.created');
    await eventually(async () => (await paymentsOf(code))[0]?.outcome === 'amount_mismatch');
    expect(await statusOf(code)).toBe('pre_reserved');
    expect((await metricValue(t, 'payments_conflicts_total', { reason: 'amount_mismatch' })) - before).toBe(
      1,
    );
  });

  it('MercadoPago down while processing: the notification waits in the inbox and confirms once it is back', async () => {
    const phone = randomGuestPhone();
    const { code, preferenceId } = await book(phone);
    // Every GET of a payment fails until reset: the row's first attempt (three tries) fails.
    mp.fail({ kind: 'status', status: 503 }, 3, (request) => request.path.startsWith('/v1/payments/'));
    const { paymentId } = await mp.pay(preferenceId);
    await eventually(() => confirmationsTo(phone).length === 1);
    expect(await statusOf(code)).toBe('confirmed');
    const [row] = await sql<{ attempts: number; status: string }>(
      t,
      `select attempts, status from inbound_events where provider = 'mercadopago' and external_id like ?`,
      [`payment:${paymentId}:%`],
    );
    // One failed attempt, then the one that worked.
    expect(row).toEqual({ attempts: 2, status: 'done' });
  });

  it('a notification that died while MercadoPago stayed down is revived later and confirms; a day-old one is left to a person', async () => {
    const notificationRow = (paymentId: string) =>
      sql<{ id: string; status: string; revivals: number }>(
        t,
        `select id::text as id, status, revivals from inbound_events
          where provider = 'mercadopago' and external_id like ?`,
        [`payment:${paymentId}:%`],
      );
    const revival = t.app.get(PaymentNotificationRevival);
    const revivedBefore = await metricValue(t, 'payments_notifications_revived_total');

    const recent = randomGuestPhone();
    const first = await book(recent, 'del 3 al 5 de noviembre de 2027');
    const old = randomGuestPhone();
    const second = await book(old, 'del 6 al 8 de noviembre de 2027');
    // Down through every attempt: both notifications die.
    mp.fail({ kind: 'status', status: 503 }, undefined, (request) =>
      request.path.startsWith('/v1/payments/'),
    );
    const { paymentId: recentPayment } = await mp.pay(first.preferenceId);
    const { paymentId: oldPayment } = await mp.pay(second.preferenceId);
    await eventually(async () => {
      const rows = [...(await notificationRow(recentPayment)), ...(await notificationRow(oldPayment))];
      return rows.length === 2 && rows.every((r) => r.status === 'dead');
    }, 30_000);
    mp.reset();

    // Too soon after dying: nothing is revived yet.
    expect(await revival.run()).toBe(0);
    await sql(
      t,
      `update inbound_events set processed_at = now() - interval '20 minutes' where status = 'dead'`,
    );
    const [oldRow] = await notificationRow(oldPayment);
    await sql(t, `update inbound_events set received_at = now() - interval '25 hours' where id = ?`, [
      oldRow!.id,
    ]);

    expect(await revival.run()).toBe(1);
    await eventually(() => confirmationsTo(recent).length === 1);
    expect(await statusOf(first.code)).toBe('confirmed');
    expect(await notificationRow(recentPayment)).toEqual([
      expect.objectContaining({ status: 'done', revivals: 1 }),
    ]);
    expect((await metricValue(t, 'payments_notifications_revived_total')) - revivedBefore).toBe(1);

    // The day-old one stays dead, counted for an alert, and its guest is not told anything yet.
    expect((await notificationRow(oldPayment))[0]!.status).toBe('dead');
    expect(await metricValue(t, 'payments_notifications_abandoned')).toBe(1);
    expect(confirmationsTo(old)).toHaveLength(0);
  }, 60_000);
});
