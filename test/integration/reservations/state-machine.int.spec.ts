import { MikroORM } from '@mikro-orm/postgresql';
import { ReservationsService } from '../../../src/reservations/reservations.service.js';
import { dropIsolatedDatabases, isolatedDatabaseUrl } from '../../support/isolated-database.js';
import { metricValue } from '../../support/metrics.js';
import { createPlace, errorCode, inDays, randomPhone } from '../../support/reservations.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { usingRealDatabase } from '../../support/test-config.js';

describe(`reservation state machine on ${usingRealDatabase ? 'PostgreSQL' : 'PGlite'}`, () => {
  let t: TestApp;
  let reservations: ReservationsService;
  let slug: string;
  let offset = 0;

  /** Each call holds a fresh, non-overlapping stay. */
  const newHold = (phone = randomPhone()) => {
    offset += 2;
    return reservations.hold({
      accommodationSlug: slug,
      checkIn: inDays(offset),
      checkOut: inDays(offset + 1),
      guestsCount: 2,
      guestPhone: phone,
      source: 'whatsapp',
    });
  };
  const lapse = (code: string) =>
    t.app
      .get(MikroORM)
      .em.fork()
      .execute(`update reservations set expires_at = now() - interval '1 second' where code = ?`, [code]);
  const statusOf = async (code: string) => (await reservations.findByCode(code))!.status;

  beforeAll(async () => {
    // A database of its own on PostgreSQL: the hold-expiry job of another suite's app would expire
    // the holds these tests lapse on purpose before this suite's own calls get to them.
    t = await startTestApp({ env: { DATABASE_URL: await isolatedDatabaseUrl() } });
    reservations = t.app.get(ReservationsService);
    slug = (await createPlace(t)).slug;
  });
  afterAll(async () => {
    await t?.close();
    await dropIsolatedDatabases();
  });

  it('pre_reserved → confirmed → cancelled, stamping each step', async () => {
    const hold = await newHold();
    const confirmed = await reservations.confirm(hold.code);
    expect(confirmed).toMatchObject({ status: 'confirmed', confirmedAt: expect.any(Date) });
    const cancelled = await reservations.cancel(hold.code);
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelledAt: expect.any(Date) });
  });

  it('refuses every transition outside the machine with invalid_transition', async () => {
    const confirmed = await newHold();
    await reservations.confirm(confirmed.code);
    expect(await errorCode(reservations.confirm(confirmed.code))).toBe('invalid_transition');

    const cancelled = await newHold();
    await reservations.cancel(cancelled.code);
    expect(await errorCode(reservations.confirm(cancelled.code))).toBe('invalid_transition');
    expect(await errorCode(reservations.cancel(cancelled.code))).toBe('invalid_transition');

    const expired = await newHold();
    await lapse(expired.code);
    await reservations.expireDue(new Date());
    expect(await statusOf(expired.code)).toBe('expired');
    expect(await errorCode(reservations.confirm(expired.code))).toBe('invalid_transition');
    expect(await errorCode(reservations.cancel(expired.code))).toBe('invalid_transition');
  });

  it('expires only lapsed holds, never confirmed ones', async () => {
    const lapsed = await newHold();
    const live = await newHold();
    const paid = await newHold();
    await lapse(lapsed.code);
    await lapse(paid.code);
    await reservations.confirm(paid.code);
    const before = await metricValue(t, 'prereservations_expired_total');
    const expired = (await reservations.expireDue(new Date())).map((r) => r.code);
    expect(await metricValue(t, 'prereservations_expired_total')).toBe(before + expired.length);
    expect(expired).toContain(lapsed.code);
    expect(expired).not.toContain(live.code);
    expect(expired).not.toContain(paid.code);
    expect(await statusOf(paid.code)).toBe('confirmed');
    expect(await statusOf(live.code)).toBe('pre_reserved');
  });

  it('answers not_found for unknown codes, and for another guest cancelling by phone', async () => {
    expect(await errorCode(reservations.confirm('RES-22222Z'))).toBe('not_found');
    expect(await errorCode(reservations.cancel('nonsense'))).toBe('not_found');
    const phone = randomPhone();
    const hold = await newHold(phone);
    expect(await errorCode(reservations.cancel(hold.code, { byPhone: randomPhone() }))).toBe('not_found');
    expect(await statusOf(hold.code)).toBe('pre_reserved');
    expect((await reservations.cancel(hold.code, { byPhone: phone })).status).toBe('cancelled');
  });

  it("changes an active reservation's party size within capacity, and nothing else", async () => {
    const phone = randomPhone();
    const hold = await newHold(phone);
    const changed = await reservations.changeGuests(hold.code.toLowerCase(), 3, { byPhone: phone });
    expect(changed).toMatchObject({
      code: hold.code,
      status: 'pre_reserved',
      guestsCount: 3,
      totalPrice: hold.totalPrice,
      depositAmount: hold.depositAmount,
      expiresAt: hold.expiresAt,
    });
    const capacity = await errorCode(reservations.changeGuests(hold.code, 99, { byPhone: phone }));
    expect(capacity).toBe('capacity_exceeded');
    expect(await errorCode(reservations.changeGuests(hold.code, 0))).toBe('invalid_guests');
    // Another guest's code reads like an unknown one.
    expect(await errorCode(reservations.changeGuests(hold.code, 2, { byPhone: randomPhone() }))).toBe(
      'not_found',
    );
    expect(await errorCode(reservations.changeGuests('RES-ZZZZZZ', 2))).toBe('not_found');
    expect((await reservations.findByCode(hold.code))!.guestsCount).toBe(3);

    const confirmed = await newHold();
    await reservations.confirm(confirmed.code);
    expect((await reservations.changeGuests(confirmed.code, 1)).guestsCount).toBe(1);

    // A lapsed hold no longer holds anything to change, even before the expiry job marks it.
    const lapsed = await newHold();
    await lapse(lapsed.code);
    expect(await errorCode(reservations.changeGuests(lapsed.code, 1))).toBe('invalid_transition');
  });

  it('moves a live hold to new dates in one step: new hold, old one cancelled, or nothing at all', async () => {
    const phone = randomPhone();
    const start = offset + 2;
    offset += 30; // the stays below stay clear of every other test's
    const hold = await reservations.hold({
      accommodationSlug: slug,
      checkIn: inDays(start),
      checkOut: inDays(start + 2),
      guestsCount: 3,
      guestPhone: phone,
      source: 'whatsapp',
    });
    // Overlapping its own old dates is fine: they are freed in the same transaction.
    const { previous, current } = await reservations.reschedule(
      hold.code,
      { checkIn: inDays(start + 1), checkOut: inDays(start + 4) },
      { byPhone: phone },
    );
    expect(previous).toMatchObject({ code: hold.code, status: 'cancelled' });
    expect(current).toMatchObject({
      status: 'pre_reserved',
      checkIn: inDays(start + 1),
      checkOut: inDays(start + 4),
      nights: 3,
      guestsCount: 3,
      guestPhone: phone,
      source: 'whatsapp',
    });
    expect(current.code).not.toBe(hold.code);
    expect(Number(current.totalPrice)).toBeCloseTo((Number(hold.totalPrice) / 2) * 3, 2);

    // Dates someone else holds: refused, and the guest's hold stands as it was.
    const other = await reservations.hold({
      accommodationSlug: slug,
      checkIn: inDays(start + 6),
      checkOut: inDays(start + 8),
      guestsCount: 1,
      guestPhone: randomPhone(),
      source: 'admin',
    });
    const taken = reservations.reschedule(current.code, {
      checkIn: inDays(start + 7),
      checkOut: inDays(start + 9),
    });
    expect(await errorCode(taken)).toBe('date_overlap');
    expect(
      await errorCode(reservations.reschedule(current.code, { checkIn: inDays(-3), checkOut: inDays(-1) })),
    ).toBe('invalid_dates');
    expect(await statusOf(current.code)).toBe('pre_reserved');

    expect(
      await errorCode(
        reservations.reschedule(
          current.code,
          { checkIn: inDays(start + 20), checkOut: inDays(start + 21) },
          {
            byPhone: randomPhone(),
          },
        ),
      ),
    ).toBe('not_found');
    await reservations.confirm(other.code);
    expect(
      await errorCode(
        reservations.reschedule(other.code, { checkIn: inDays(start + 20), checkOut: inDays(start + 21) }),
      ),
    ).toBe('invalid_transition');
    await lapse(current.code);
    expect(
      await errorCode(
        reservations.reschedule(current.code, { checkIn: inDays(start + 20), checkOut: inDays(start + 21) }),
      ),
    ).toBe('invalid_transition');
  });

  it('lets exactly one of concurrent confirm and cancel-of-the-hold win', async () => {
    for (let round = 0; round < 10; round++) {
      const hold = await newHold();
      const [confirm, cancel] = await Promise.allSettled([
        reservations.confirm(hold.code),
        reservations.cancel(hold.code, { expectedStatus: 'pre_reserved' }),
      ]);
      const winners = [confirm, cancel].filter((r) => r.status === 'fulfilled');
      const losers = [confirm, cancel].filter((r) => r.status === 'rejected');
      expect(winners).toHaveLength(1);
      expect((losers[0] as PromiseRejectedResult).reason.code).toBe('invalid_transition');
      expect(await statusOf(hold.code)).toBe(confirm.status === 'fulfilled' ? 'confirmed' : 'cancelled');
    }
  });

  it('never confirms a cancelled hold when confirm races a plain cancel', async () => {
    for (let round = 0; round < 10; round++) {
      const hold = await newHold();
      const [confirm, cancel] = await Promise.allSettled([
        reservations.confirm(hold.code),
        reservations.cancel(hold.code),
      ]);
      // A plain cancel may legally follow a confirm (confirmed → cancelled); the reverse never happens.
      expect(cancel.status).toBe('fulfilled');
      const final = (await reservations.findByCode(hold.code))!;
      expect(final.status).toBe('cancelled');
      if (confirm.status === 'fulfilled') expect(final.confirmedAt).not.toBeNull();
      else {
        expect(confirm.reason.code).toBe('invalid_transition');
        expect(final.confirmedAt).toBeNull();
      }
    }
  });

  it('lets exactly one of concurrent confirm and expire win', async () => {
    for (let round = 0; round < 10; round++) {
      const hold = await newHold();
      await lapse(hold.code);
      const [confirm, expire] = await Promise.allSettled([
        reservations.confirm(hold.code),
        reservations.expireDue(new Date()),
      ]);
      expect(expire.status).toBe('fulfilled');
      const expiredIt = (expire as PromiseFulfilledResult<{ code: string }[]>).value.some(
        (r) => r.code === hold.code,
      );
      const confirmed = confirm.status === 'fulfilled';
      expect(confirmed !== expiredIt).toBe(true);
      if (!confirmed) expect((confirm as PromiseRejectedResult).reason.code).toBe('invalid_transition');
      expect(await statusOf(hold.code)).toBe(confirmed ? 'confirmed' : 'expired');
    }
  });
});
