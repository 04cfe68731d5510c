import { jest } from '@jest/globals';
import { MikroORM } from '@mikro-orm/postgresql';
import { ReservationCodes } from '../../../src/reservations/domain/reservation-code.js';
import { ReservationsService, type HoldRequest } from '../../../src/reservations/reservations.service.js';
import { AccommodationsService } from '../../../src/reservations/accommodations.service.js';
import { ReservationsRepository } from '../../../src/reservations/reservations.repository.js';
import { dropIsolatedDatabases, isolatedDatabaseUrl } from '../../support/isolated-database.js';
import { metricValue } from '../../support/metrics.js';
import {
  addExternalBlock,
  createPlace,
  errorCode,
  inDays,
  randomPhone,
  rowsOf,
} from '../../support/reservations.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { usingRealDatabase } from '../../support/test-config.js';

describe(`holds on ${usingRealDatabase ? 'PostgreSQL' : 'PGlite'}`, () => {
  let t: TestApp;
  let reservations: ReservationsService;
  let place: Awaited<ReturnType<typeof createPlace>>;

  const request = (checkIn: string, checkOut: string, extra: Partial<HoldRequest> = {}): HoldRequest => ({
    accommodationSlug: place.slug,
    checkIn,
    checkOut,
    guestsCount: 2,
    guestPhone: randomPhone(),
    guestName: 'Lucía',
    source: 'whatsapp',
    ...extra,
  });
  const activeRows = async () =>
    (await rowsOf(t, place.id)).filter((r) => ['pre_reserved', 'confirmed'].includes(r.status));

  beforeAll(async () => {
    // A database of its own on PostgreSQL: the hold-expiry job of another suite's app would expire
    // the holds these tests lapse on purpose before this suite's own calls get to them.
    t = await startTestApp({ env: { DATABASE_URL: await isolatedDatabaseUrl() } });
    reservations = t.app.get(ReservationsService);
  });
  afterAll(async () => {
    await t?.close();
    await dropIsolatedDatabases();
  });
  beforeEach(async () => {
    place = await createPlace(t);
  });

  it('creates a 60-minute hold priced from the place', async () => {
    const before = Date.now();
    const hold = await reservations.hold(request(inDays(10), inDays(17), { guestPhone: '5491155550001' }));
    expect(hold).toMatchObject({
      status: 'pre_reserved',
      accommodation: { slug: place.slug, name: place.name },
      checkIn: inDays(10),
      checkOut: inDays(17),
      nights: 7,
      guestsCount: 2,
      guestPhone: '5491155550001',
      guestName: 'Lucía',
      totalPrice: '598503.50',
      depositAmount: '179551.00',
      currency: 'ARS',
      source: 'whatsapp',
    });
    expect(hold.code).toMatch(/^RES-[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{6}$/);
    const minutes = (hold.expiresAt!.getTime() - before) / 60_000;
    expect(minutes).toBeGreaterThan(59);
    expect(minutes).toBeLessThan(61);
    expect(await reservations.findByCode(hold.code.toLowerCase())).toMatchObject({ code: hold.code });
  });

  it('uses DEPOSIT_PERCENT when the place has no percent of its own', async () => {
    place = await createPlace(t, { deposit_percent: undefined, nightly_price: '100000.00' });
    const hold = await reservations.hold(request(inDays(3), inDays(5)));
    expect(hold).toMatchObject({ totalPrice: '200000.00', depositAmount: '60000.00' });
  });

  it('rejects an overlapping hold as date_overlap and changes nothing', async () => {
    await reservations.hold(request(inDays(20), inDays(25)));
    for (const [from, to] of [
      [20, 25],
      [22, 23],
      [18, 21],
      [24, 30],
      [15, 35],
    ]) {
      expect(await errorCode(reservations.hold(request(inDays(from), inDays(to))))).toBe('date_overlap');
    }
    expect(await activeRows()).toHaveLength(1);
  });

  it('accepts back-to-back stays on both sides', async () => {
    await reservations.hold(request(inDays(20), inDays(25)));
    await reservations.hold(request(inDays(25), inDays(27)));
    await reservations.hold(request(inDays(17), inDays(20)));
    expect(await activeRows()).toHaveLength(3);
  });

  it('does not let cancelled or expired reservations block the dates', async () => {
    const cancelled = await reservations.hold(request(inDays(30), inDays(33)));
    await reservations.cancel(cancelled.code);
    const second = await reservations.hold(request(inDays(30), inDays(33)));
    await t.app
      .get(MikroORM)
      .em.fork()
      .execute(`update reservations set expires_at = now() - interval '1 minute' where code = ?`, [
        second.code,
      ]);
    const expired = await reservations.expireDue(new Date());
    expect(expired.map((r) => r.code)).toContain(second.code);
    const third = await reservations.hold(request(inDays(30), inDays(33)));
    expect(third.status).toBe('pre_reserved');
    expect((await rowsOf(t, place.id)).map((r) => r.status)).toEqual([
      'cancelled',
      'expired',
      'pre_reserved',
    ]);
  });

  it('expires a lapsed hold of the place in the same transaction as the new hold', async () => {
    const stale = await reservations.hold(request(inDays(40), inDays(42)));
    await t.app
      .get(MikroORM)
      .em.fork()
      .execute(`update reservations set expires_at = now() - interval '1 second' where code = ?`, [
        stale.code,
      ]);
    const expiredBefore = await metricValue(t, 'prereservations_expired_total');
    const fresh = await reservations.hold(request(inDays(41), inDays(43)));
    expect(fresh.status).toBe('pre_reserved');
    expect((await reservations.findByCode(stale.code))!.status).toBe('expired');
    expect(await metricValue(t, 'prereservations_expired_total')).toBe(expiredBefore + 1);
  });

  it('treats an imported iCal block as taken', async () => {
    await addExternalBlock(t, place.id, inDays(50), inDays(55));
    expect(await errorCode(reservations.hold(request(inDays(54), inDays(56))))).toBe('no_availability');
    expect(await errorCode(reservations.hold(request(inDays(48), inDays(51))))).toBe('no_availability');
    expect(await activeRows()).toHaveLength(0);
    // Back-to-back with the block is fine.
    await reservations.hold(request(inDays(55), inDays(57)));
    await reservations.hold(request(inDays(47), inDays(50)));
    expect(await activeRows()).toHaveLength(2);
  });

  it('enforces capacity and every date rule, changing nothing', async () => {
    const cases: [HoldRequest, string][] = [
      [request(inDays(5), inDays(7), { guestsCount: 5 }), 'capacity_exceeded'],
      [request(inDays(5), inDays(5)), 'invalid_dates'],
      [request(inDays(7), inDays(5)), 'invalid_dates'],
      [request(inDays(-1), inDays(2)), 'invalid_dates'],
      [request(inDays(366), inDays(368)), 'invalid_dates'],
      [request(inDays(5), inDays(36)), 'invalid_dates'],
      [request('2027-02-30', '2027-03-02'), 'invalid_dates'],
      [request(inDays(5), inDays(7), { accommodationSlug: 'no-such-place-xyz' }), 'not_found'],
    ];
    for (const [req, code] of cases) expect(await errorCode(reservations.hold(req))).toBe(code);
    expect(await rowsOf(t, place.id)).toHaveLength(0);
    // The edges are allowed.
    await reservations.hold(request(inDays(0), inDays(30), { guestsCount: 4 }));
    expect(await activeRows()).toHaveLength(1);
  });

  it('does not book an inactive place', async () => {
    await t.app.get(AccommodationsService).deactivate(place.slug);
    expect(await errorCode(reservations.hold(request(inDays(5), inDays(7))))).toBe('not_found');
  });

  it("runs inside the caller's transaction and leaves it usable after a domain failure", async () => {
    await reservations.hold(request(inDays(60), inDays(62)));
    const phone = randomPhone();
    const em = t.app.get(MikroORM).em.fork();
    const outcome = await em.transactional(async (tx) => {
      const failed = await errorCode(reservations.hold(request(inDays(61), inDays(63)), tx));
      // The caller keeps working in the same transaction, e.g. to queue the guest's reply.
      const ok = await reservations.hold(request(inDays(62), inDays(64), { guestPhone: phone }), tx);
      return { failed, ok };
    });
    expect(outcome.failed).toBe('date_overlap');
    expect((await reservations.findActiveForPhone(phone)).map((r) => r.code)).toEqual([outcome.ok.code]);
  });

  it("rolls the hold back with the caller's transaction", async () => {
    const em = t.app.get(MikroORM).em.fork();
    await expect(
      em.transactional(async (tx) => {
        await reservations.hold(request(inDays(70), inDays(72)), tx);
        throw new Error('caller failed later');
      }),
    ).rejects.toThrow('caller failed later');
    expect(await rowsOf(t, place.id)).toHaveLength(0);
  });

  it('draws a new code when a generated one already exists', async () => {
    const first = await reservations.hold(request(inDays(90), inDays(91)));
    const codes = t.app.get(ReservationCodes);
    const spy = jest.spyOn(codes, 'next').mockReturnValueOnce(first.code).mockReturnValueOnce(first.code);
    try {
      const second = await reservations.hold(request(inDays(91), inDays(92)));
      expect(second.code).not.toBe(first.code);
      expect(spy).toHaveBeenCalledTimes(3);
    } finally {
      spy.mockRestore();
    }
    expect(await activeRows()).toHaveLength(2);
  });

  it('inserts again when PostgreSQL aborts the insert as a deadlock victim (racing overlapping holds)', async () => {
    const repository = t.app.get(ReservationsRepository);
    const deadlock = Object.assign(new Error('deadlock detected'), { code: '40P01' });
    const spy = jest.spyOn(repository, 'insertHold').mockRejectedValueOnce(deadlock);
    try {
      const hold = await reservations.hold(request(inDays(95), inDays(97)));
      expect(hold.status).toBe('pre_reserved');
      expect(spy).toHaveBeenCalledTimes(2);
    } finally {
      spy.mockRestore();
    }
    expect(await activeRows()).toHaveLength(1);
  });

  it('gives up on a deadlock that keeps coming back, holding nothing', async () => {
    const repository = t.app.get(ReservationsRepository);
    const deadlock = Object.assign(new Error('deadlock detected'), { code: '40P01' });
    const spy = jest.spyOn(repository, 'insertHold').mockRejectedValue(deadlock);
    try {
      await expect(reservations.hold(request(inDays(95), inDays(97)))).rejects.toBe(deadlock);
      expect(spy).toHaveBeenCalledTimes(5);
    } finally {
      spy.mockRestore();
    }
    expect(await activeRows()).toHaveLength(0);
  });

  it("lists a guest's live holds and stays, not the finished ones", async () => {
    const phone = randomPhone();
    const a = await reservations.hold(request(inDays(80), inDays(82), { guestPhone: phone }));
    const b = await reservations.hold(request(inDays(75), inDays(77), { guestPhone: phone }));
    const c = await reservations.hold(request(inDays(85), inDays(87), { guestPhone: phone }));
    await reservations.confirm(a.code);
    await reservations.cancel(c.code);
    expect((await reservations.findActiveForPhone(phone)).map((r) => r.code)).toEqual([b.code, a.code]);
  });
});
