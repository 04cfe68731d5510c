import { EntityManager } from '@mikro-orm/postgresql';
import { FORBIDDEN_WORDS } from '../../../src/conversation/guest-texts.js';
import { seedDemoAccommodations } from '../../../src/database/seed.js';
import { FakeWhatsAppApi } from '../../../src/sandbox/fake-whatsapp-api.js';
import { sql } from '../../support/db.js';
import { dropIsolatedDatabases, isolatedDatabaseUrl } from '../../support/isolated-database.js';
import { metricValue } from '../../support/metrics.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { eventually, postWebhook, randomGuestPhone, textWebhook } from '../../support/whatsapp-webhooks.js';

const FORBIDDEN = new RegExp(`\\b(${FORBIDDEN_WORDS.join('|')})\\b`, 'i');
const MONTHS = [
  'enero',
  'febrero',
  'marzo',
  'abril',
  'mayo',
  'junio',
  'julio',
  'agosto',
  'septiembre',
  'octubre',
  'noviembre',
  'diciembre',
];
const JOB_RUNS = 'prereservation_expiry_job_duration_seconds_count';

/** The 10th to the 13th of the month after next: always ahead, always within the booking horizon. */
function stay() {
  const now = new Date();
  const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 2, 1));
  const year = month.getUTCFullYear();
  const mm = String(month.getUTCMonth() + 1).padStart(2, '0');
  return {
    phrase: `del 10 al 13 de ${MONTHS[month.getUTCMonth()]} de ${year}`,
    shown: `del 10/${mm}/${year} al 13/${mm}/${year}`,
  };
}

describe('an unpaid hold made over WhatsApp lapses', () => {
  let fake: FakeWhatsAppApi;
  let t: TestApp;

  beforeAll(async () => {
    fake = new FakeWhatsAppApi('sandbox-access-token');
    await fake.start();
    t = await startTestApp({
      env: {
        DATABASE_URL: await isolatedDatabaseUrl(),
        WHATSAPP_API_URL: fake.url,
        OUTBOX_DISPATCH_INTERVAL_MS: '100',
        INBOX_SWEEP_INTERVAL_MS: '100',
        // The shortest interval: the test moves expires_at into the past instead of waiting an hour.
        HOLD_EXPIRY_INTERVAL_SECONDS: '1',
      },
    });
    await seedDemoAccommodations(t.app.get(EntityManager).fork());
  });
  afterAll(async () => {
    await t?.close();
    await fake.stop();
    await dropIsolatedDatabases();
  });

  const textsTo = (phone: string) =>
    fake.sentMessages
      .filter((m) => m.to === `+${phone}` && m.type === 'text')
      .map((m) => (m as { text: { body: string } }).text.body.replace(/\u00a0/g, ' '));
  const say = async (phone: string, text: string) => {
    const before = textsTo(phone).length;
    expect(await postWebhook(t.app, textWebhook(phone, text))).toBe(200);
    await eventually(() => textsTo(phone).length > before);
    return textsTo(phone)[before];
  };
  const holdsOf = (phone: string) =>
    sql<{ code: string; status: string }>(
      t,
      'select code, status from reservations where guest_phone = ? order by created_at',
      [phone],
    );

  it('the job expires it, the guest is told once, and the dates can be booked again', async () => {
    const phone = randomGuestPhone();
    const dates = stay();
    const request = `quiero reservar la cabaña del lago ${dates.phrase} para 2`;
    expect(await say(phone, request)).toMatch(/Te guardé la pre-reserva/);
    const [held] = await holdsOf(phone);
    expect(held.status).toBe('pre_reserved');

    await sql(t, `update reservations set expires_at = now() - interval '1 second' where code = ?`, [
      held.code,
    ]);
    const notice = await eventually(() => textsTo(phone).find((text) => /se venció/.test(text)));

    for (const part of ['Cabaña del Lago', held.code, dates.shown, 'seña', 'escribime']) {
      expect(notice).toContain(part);
    }
    expect(notice).not.toMatch(FORBIDDEN);
    expect((await holdsOf(phone))[0].status).toBe('expired');

    // Later runs find nothing more to say about it.
    const runs = await metricValue(t, JOB_RUNS, { outcome: 'ok' });
    await eventually(async () => (await metricValue(t, JOB_RUNS, { outcome: 'ok' })) >= runs + 2);
    expect(textsTo(phone).filter((text) => /se venció/.test(text))).toHaveLength(1);
    const rows = await sql<{ trace_id: string | null }>(
      t,
      'select trace_id from outbound_messages where dedupe_key = ?',
      [`hold-expired:${held.code}`],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].trace_id).toMatch(/^[0-9a-f-]{36}$/);

    // The dates are free again, for the same guest too.
    expect(await say(phone, request)).toMatch(/Te guardé la pre-reserva/);
    expect((await holdsOf(phone)).map((h) => h.status)).toEqual(['expired', 'pre_reserved']);
  });

  it('/metrics shows the job duration histogram and the expired counter', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('# TYPE prereservation_expiry_job_duration_seconds histogram');
    expect(res.body).toMatch(/prereservation_expiry_job_duration_seconds_bucket\{le="[^"]+",outcome="ok"\}/);
    expect(await metricValue(t, JOB_RUNS, { outcome: 'ok' })).toBeGreaterThan(0);
    expect(await metricValue(t, 'prereservations_expired_total')).toBeGreaterThanOrEqual(1);
  });
});
