import { MikroORM } from '@mikro-orm/postgresql';
import { createPlace, inDays, randomPhone } from '../../support/reservations.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

describe('50 concurrent holds for overlapping dates over HTTP', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ listen: true });
  });
  afterAll(() => t.close());

  it('lets exactly one through; the other 49 get 409 date_overlap, none a 5xx', async () => {
    const place = await createPlace(t);
    const responses = await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        // Every stay shares the night of day 20 with every other one.
        const res = await fetch(`${t.url}/api/v1/reservations`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: 'Bearer test-admin-token-0123456789',
          },
          body: JSON.stringify({
            accommodation: place.slug,
            check_in: inDays(20 - (i % 3)),
            check_out: inDays(21 + (i % 4)),
            guests_count: 2,
            guest_phone: randomPhone(),
          }),
        });
        return { status: res.status, body: (await res.json()) as { error?: string; code?: string } };
      }),
    );
    const created = responses.filter((r) => r.status === 201);
    const conflicts = responses.filter((r) => r.status === 409);
    expect(responses.filter((r) => r.status >= 500)).toEqual([]);
    expect(created).toHaveLength(1);
    expect(conflicts).toHaveLength(49);
    expect(conflicts.every((r) => r.body.error === 'date_overlap')).toBe(true);

    const rows = await t.app
      .get(MikroORM)
      .em.fork()
      .execute<{ code: string }[]>(
        `select code from reservations where accommodation_id = ? and status in ('pre_reserved', 'confirmed')`,
        [place.id],
      );
    expect(rows.map((r) => r.code)).toEqual([created[0].body.code]);
  });
});
