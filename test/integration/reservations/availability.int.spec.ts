import { AvailabilityService } from '../../../src/reservations/availability.service.js';
import { ReservationsService } from '../../../src/reservations/reservations.service.js';
import { addExternalBlock, createPlace, errorCode, inDays, randomPhone } from '../../support/reservations.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { usingRealDatabase } from '../../support/test-config.js';

describe(`availability on ${usingRealDatabase ? 'PostgreSQL' : 'PGlite'}`, () => {
  let t: TestApp;
  let availability: AvailabilityService;
  let reservations: ReservationsService;

  const hold = (slug: string, from: number, to: number) =>
    reservations.hold({
      accommodationSlug: slug,
      checkIn: inDays(from),
      checkOut: inDays(to),
      guestsCount: 1,
      guestPhone: randomPhone(),
      source: 'admin',
    });
  const search = (slug: string, from: number, to: number, guests = 2) =>
    availability.search({ checkIn: inDays(from), checkOut: inDays(to), guests, accommodationSlug: slug });

  beforeAll(async () => {
    t = await startTestApp();
    availability = t.app.get(AvailabilityService);
    reservations = t.app.get(ReservationsService);
  });
  afterAll(() => t.close());

  it('offers a free place with nights, nightly price, total and deposit', async () => {
    const place = await createPlace(t, { nightly_price: '85500.50', deposit_percent: 30 });
    expect(await search(place.slug, 10, 17)).toEqual({
      available: [
        {
          accommodation: place.slug,
          name: place.name,
          capacity: 4,
          nights: 7,
          nightlyPrice: '85500.50',
          totalPrice: '598503.50',
          depositAmount: '179551.00',
          currency: 'ARS',
        },
      ],
      suggestions: [],
    });
  });

  it('lists every free place that fits the group when no place is named', async () => {
    const big = await createPlace(t, { capacity: 60 });
    const bigger = await createPlace(t, { capacity: 61 });
    const taken = await createPlace(t, { capacity: 62 });
    await hold(taken.slug, 10, 12);
    const result = await availability.search({ checkIn: inDays(10), checkOut: inDays(12), guests: 60 });
    const slugs = result.available.map((o) => o.accommodation);
    expect(slugs).toEqual(expect.arrayContaining([big.slug, bigger.slug]));
    expect(slugs).not.toContain(taken.slug);
    const fewer = await availability.search({ checkIn: inDays(10), checkOut: inDays(12), guests: 61 });
    expect(fewer.available.map((o) => o.accommodation)).not.toContain(big.slug);
  });

  it('lists the cheapest place first, comparing prices as numbers', async () => {
    const dear = await createPlace(t, { capacity: 70, nightly_price: '140000.00' });
    const cheap = await createPlace(t, { capacity: 70, nightly_price: '52000.00' });
    const middle = await createPlace(t, { capacity: 70, nightly_price: '85000.00' });
    const result = await availability.search({ checkIn: inDays(20), checkOut: inDays(22), guests: 70 });
    const order = result.available
      .map((o) => o.accommodation)
      .filter((s) => [dear.slug, cheap.slug, middle.slug].includes(s));
    expect(order).toEqual([cheap.slug, middle.slug, dear.slug]);
  });

  it('counts holds, confirmed stays and iCal blocks as taken, but not lapsed, cancelled or expired ones', async () => {
    const place = await createPlace(t);
    const held = await hold(place.slug, 20, 22);
    expect((await search(place.slug, 21, 23)).available).toEqual([]);
    await reservations.confirm(held.code);
    expect((await search(place.slug, 21, 23)).available).toEqual([]);
    await reservations.cancel(held.code);
    expect((await search(place.slug, 21, 23)).available).toHaveLength(1);

    await addExternalBlock(t, place.id, inDays(30), inDays(33));
    expect((await search(place.slug, 32, 34)).available).toEqual([]);
    expect((await search(place.slug, 33, 35)).available).toHaveLength(1);
  });

  it('suggests the nearest free ranges of the same length before and after', async () => {
    const place = await createPlace(t);
    await hold(place.slug, 40, 45);
    await addExternalBlock(t, place.id, inDays(45), inDays(47));
    const result = await search(place.slug, 42, 45);
    expect(result.available).toEqual([]);
    expect(result.suggestions).toEqual([
      { checkIn: inDays(37), checkOut: inDays(40), accommodation: place.slug, name: place.name },
      { checkIn: inDays(47), checkOut: inDays(50), accommodation: place.slug, name: place.name },
    ]);
  });

  it('never suggests dates in the past or further than 30 days away', async () => {
    const place = await createPlace(t);
    await hold(place.slug, 0, 30);
    await hold(place.slug, 30, 60);
    const result = await search(place.slug, 1, 3);
    expect(result.available).toEqual([]);
    expect(result.suggestions).toEqual([]);
  });

  it('applies the same rules as a hold', async () => {
    const place = await createPlace(t, { capacity: 2 });
    expect(await errorCode(search(place.slug, 5, 7, 3))).toBe('capacity_exceeded');
    expect(await errorCode(search(place.slug, 7, 5))).toBe('invalid_dates');
    expect(await errorCode(search(place.slug, -2, 1))).toBe('invalid_dates');
    expect(await errorCode(search('no-such-place-xyz', 5, 7))).toBe('not_found');
  });
});
