import { MikroORM } from '@mikro-orm/postgresql';
import type { ReservationRecord } from '../../../src/reservations/domain/reservation-record.js';
import { ReservationsService, type HoldRequest } from '../../../src/reservations/reservations.service.js';
import { DATABASE_KINDS } from '../../support/database.js';
import { sql } from '../../support/db.js';
import { dropIsolatedDatabases, isolatedDatabaseUrl } from '../../support/isolated-database.js';
import { metricValue } from '../../support/metrics.js';
import { addExternalBlock, createPlace, errorCode, inDays, randomPhone } from '../../support/reservations.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

interface Notice {
  recipient: string;
  text: string;
}

describe.each(DATABASE_KINDS)('hold expiry on %s', (kind) => {
  let t: TestApp;
  let reservations: ReservationsService;
  let place: Awaited<ReturnType<typeof createPlace>>;
  let offset = 0;

  /** A hold on fresh dates of the current place (or on the given days). */
  const hold = (extra: Partial<HoldRequest> = {}, days?: [number, number]) => {
    offset += 3;
    const [from, to] = days ?? [offset, offset + 2];
    return reservations.hold({
      accommodationSlug: place.slug,
      checkIn: inDays(from),
      checkOut: inDays(to),
      guestsCount: 2,
      guestPhone: randomPhone(),
      source: 'whatsapp',
      ...extra,
    });
  };
  const em = () => t.app.get(MikroORM).em.fork();
  const lapse = (...holds: ReservationRecord[]) =>
    em().execute(
      `update reservations set expires_at = now() - interval '1 second'
        where code = any(string_to_array(?, ','))`,
      [holds.map((h) => h.code).join(',')],
    );
  const statusOf = async (code: string) => (await reservations.findByCode(code))!.status;
  const noticesOf = (code: string) =>
    sql<Notice>(t, `select recipient, body->>'text' as text from outbound_messages where dedupe_key = ?`, [
      `hold-expired:${code}`,
    ]);
  const codes = (records: ReservationRecord[]) => records.map((r) => r.code);

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        // Real PostgreSQL: a database of its own, so no other suite's job expires these holds.
        DATABASE_URL: kind === 'real' ? await isolatedDatabaseUrl() : undefined,
        // The test runs the expiry itself, and reads the queued notices before anything sends them.
        WORKERS_ENABLED: 'false',
      },
    });
    reservations = t.app.get(ReservationsService);
  });
  afterAll(async () => {
    await t?.close();
    await dropIsolatedDatabases();
  });
  beforeEach(async () => {
    place = await createPlace(t, { name: 'Cabaña del Lago' });
  });

  it('expires lapsed holds and queues their notices; fresh, confirmed and expired ones are untouched', async () => {
    const lapsed = await hold({ guestPhone: '5491155550101' });
    const fresh = await hold();
    const paid = await hold();
    const earlier = await hold();
    await lapse(lapsed, paid, earlier);
    await reservations.confirm(paid.code);
    await reservations.expireDue();
    const expiredBefore = await metricValue(t, 'prereservations_expired_total');

    await lapse(earlier); // already expired: a later run must not touch it again
    const again = await hold();
    await lapse(again);
    const expired = codes(await reservations.expireDue());

    expect(expired).toEqual([again.code]);
    expect(await metricValue(t, 'prereservations_expired_total')).toBe(expiredBefore + 1);
    expect(await statusOf(lapsed.code)).toBe('expired');
    expect(await statusOf(fresh.code)).toBe('pre_reserved');
    expect(await statusOf(paid.code)).toBe('confirmed');
    expect(await noticesOf(fresh.code)).toEqual([]);
    expect(await noticesOf(paid.code)).toEqual([]);

    const [notice, ...more] = await noticesOf(lapsed.code);
    expect(more).toEqual([]);
    expect(notice.recipient).toBe('5491155550101');
    expect(notice.text).toContain('Cabaña del Lago');
    expect(notice.text).toContain(lapsed.code);
    expect(notice.text).toContain(
      `del ${lapsed.checkIn.split('-').reverse().join('/')} al ${lapsed.checkOut.split('-').reverse().join('/')}`,
    );
  });

  it('expires a hold the operator made by hand without messaging its guest', async () => {
    const manual = await hold({ source: 'admin' });
    await lapse(manual);
    expect(codes(await reservations.expireDue())).toContain(manual.code);
    expect(await statusOf(manual.code)).toBe('expired');
    expect(await noticesOf(manual.code)).toEqual([]);
  });

  it('commits the status change and the notice together, or neither', async () => {
    const lapsed = await hold();
    await lapse(lapsed);
    await expect(
      em().transactional(async (tx) => {
        expect(codes(await reservations.expireDue(new Date(), tx))).toContain(lapsed.code);
        throw new Error('the surrounding work failed');
      }),
    ).rejects.toThrow('the surrounding work failed');
    expect(await statusOf(lapsed.code)).toBe('pre_reserved');
    expect(await noticesOf(lapsed.code)).toEqual([]);

    await reservations.expireDue();
    expect(await statusOf(lapsed.code)).toBe('expired');
    expect(await noticesOf(lapsed.code)).toHaveLength(1);
  });

  it('expires each hold and queues its notice exactly once when two runs go at the same time', async () => {
    for (let round = 0; round < 3; round++) {
      const holds = await Promise.all(Array.from({ length: 8 }, () => hold()));
      await lapse(...holds);
      const now = new Date();
      const [first, second] = await Promise.all([
        reservations.expireDue(now, em()),
        reservations.expireDue(now, em()),
      ]);
      const mine = holds.map((h) => h.code);
      const byFirst = codes(first).filter((c) => mine.includes(c));
      const bySecond = codes(second).filter((c) => mine.includes(c));
      expect([...byFirst, ...bySecond].sort()).toEqual([...mine].sort());
      for (const code of mine) {
        expect(await statusOf(code)).toBe('expired');
        expect(await noticesOf(code)).toHaveLength(1);
      }
    }
  });

  // PGlite serves one connection at a time, so a second transaction cannot even start while the
  // first is open there; on PostgreSQL the second run must skip the locked rows, not wait for them.
  (kind === 'real' ? it : it.skip)(
    'a run skips the holds another run has locked instead of waiting for it',
    async () => {
      const holds = await Promise.all([hold(), hold(), hold()]);
      await lapse(...holds);
      await em().transactional(async (tx) => {
        const first = codes(await reservations.expireDue(new Date(), tx));
        expect(first).toEqual(expect.arrayContaining(codes(holds)));
        const second = codes(await reservations.expireDue(new Date()));
        expect(second.filter((c) => codes(holds).includes(c))).toEqual([]);
      });
      for (const h of holds) expect(await noticesOf(h.code)).toHaveLength(1);
    },
  );

  it("frees a lapsed hold's dates for the next guest", async () => {
    const lapsed = await hold({}, [200, 204]);
    expect(await errorCode(hold({}, [201, 203]))).toBe('date_overlap');
    await lapse(lapsed);
    await reservations.expireDue();
    const next = await hold({}, [201, 203]);
    expect(next.status).toBe('pre_reserved');
    expect(await statusOf(lapsed.code)).toBe('expired');
  });

  it('tells the guest when a new hold expires theirs before the job does, and only once', async () => {
    const stale = await hold({ guestPhone: '5491155550202' }, [210, 213]);
    await lapse(stale);
    const next = await hold({}, [211, 214]);
    expect(next.status).toBe('pre_reserved');
    expect(await statusOf(stale.code)).toBe('expired');
    const notices = await noticesOf(stale.code);
    expect(notices).toHaveLength(1);
    expect(notices[0].recipient).toBe('5491155550202');
    expect(codes(await reservations.expireDue())).not.toContain(stale.code);
    expect(await noticesOf(stale.code)).toHaveLength(1);
  });

  it('rolls back the early expiry and its notice when the new hold is refused', async () => {
    const stale = await hold({}, [220, 222]);
    await lapse(stale);
    await addExternalBlock(t, place.id, inDays(230), inDays(235));
    expect(await errorCode(hold({}, [231, 233]))).toBe('no_availability');
    expect(await statusOf(stale.code)).toBe('pre_reserved');
    expect(await noticesOf(stale.code)).toEqual([]);
  });
});
