import { randomBytes } from 'node:crypto';
import { createPlace, inDays, randomPhone } from '../../support/reservations.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

const TOKEN = 'test-admin-token-0123456789';
const auth = { authorization: `Bearer ${TOKEN}` };

describe('admin API', () => {
  let t: TestApp;

  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object, headers: object = auth) =>
    t.app.inject({ method, url: `/api/v1${url}`, payload, headers: headers as Record<string, string> });

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  describe('auth', () => {
    it.each([
      ['GET', '/reservations'],
      ['GET', '/reservations/RES-22222A'],
      ['POST', '/reservations'],
      ['POST', '/reservations/RES-22222A/cancel'],
      ['POST', '/reservations/RES-22222A/confirm'],
      ['PATCH', '/reservations/RES-22222A'],
      ['GET', '/availability?check_in=2030-01-01&check_out=2030-01-02&guests=1'],
      ['POST', '/accommodations'],
      ['PATCH', '/accommodations/cabana-del-lago'],
      ['POST', '/accommodations/cabana-del-lago/deactivate'],
    ] as const)('%s %s answers 401 without the right bearer token', async (method, url) => {
      for (const headers of [
        {},
        { authorization: 'Bearer wrong-token-0123456789' },
        { authorization: TOKEN },
      ]) {
        const res = await call(method, url, method === 'GET' ? undefined : {}, headers);
        expect(res.statusCode).toBe(401);
        expect(res.json()).toEqual({ error: 'unauthorized', message: expect.any(String) });
      }
    });
  });

  describe('accommodations', () => {
    it('creates, updates and deactivates; public reads never show the export token', async () => {
      const slug = `e2e-${randomBytes(4).toString('hex')}`;
      const created = await call('POST', '/accommodations', {
        slug,
        name: 'Domo del Cerro',
        capacity: 3,
        nightly_price: '70000.00',
        photos: [
          { url: 'https://example.com/b.jpg', order: 2, caption: 'Vista' },
          { url: 'https://example.com/a.jpg', order: 1, is_primary: true },
        ],
        aliases: ['el domo'],
      });
      expect(created.statusCode).toBe(201);
      expect(created.json()).toMatchObject({
        slug,
        capacity: 3,
        nightly_price: '70000.00',
        deposit_percent: '30.00',
        own_deposit_percent: null,
        timezone: 'America/Argentina/Buenos_Aires',
        active: true,
        ical_export_token: expect.stringMatching(/^[\w-]{20,}$/),
      });
      const token = created.json().ical_export_token as string;

      expect(
        (await call('POST', '/accommodations', { slug, name: 'x', capacity: 1, nightly_price: '1' })).json(),
      ).toMatchObject({
        error: 'slug_taken',
      });

      const pub = await call('GET', `/accommodations/${slug}`, undefined, {});
      expect(pub.statusCode).toBe(200);
      expect(pub.json().photos.map((p: { url: string }) => p.url)).toEqual([
        'https://example.com/a.jpg',
        'https://example.com/b.jpg',
      ]);
      const list = await call('GET', '/accommodations', undefined, {});
      expect(list.json().map((p: { slug: string }) => p.slug)).toContain(slug);
      expect(pub.body + list.body).not.toContain(token);
      expect(pub.body + list.body).not.toContain('ical_export_token');

      const patched = await call('PATCH', `/accommodations/${slug}`, {
        nightly_price: '75000.50',
        deposit_percent: 25,
      });
      expect(patched.statusCode).toBe(200);
      expect(patched.json()).toMatchObject({ nightly_price: '75000.50', deposit_percent: '25.00' });

      const off = await call('POST', `/accommodations/${slug}/deactivate`);
      expect(off.statusCode).toBe(200);
      expect(off.json().active).toBe(false);
      expect((await call('GET', `/accommodations/${slug}`, undefined, {})).statusCode).toBe(404);
      expect(
        (await call('GET', '/accommodations', undefined, {})).json().map((p: { slug: string }) => p.slug),
      ).not.toContain(slug);

      expect((await call('PATCH', `/accommodations/${slug}`, { active: true })).json().active).toBe(true);
    });

    it('refuses invalid bodies with 400 naming the fields', async () => {
      const res = await call('POST', '/accommodations', {
        slug: 'Not A Slug',
        name: '',
        capacity: 0,
        nightly_price: 85000.5,
        deposit_percent: 120,
        timezone: 'Mars/Olympus',
        photos: [{ url: 'not-a-url', order: -1 }],
        surprise: true,
      });
      expect(res.statusCode).toBe(400);
      const fields = (res.json().fields as { field: string }[]).map((f) => f.field);
      expect(res.json().error).toBe('validation_failed');
      expect(fields).toEqual(
        expect.arrayContaining([
          'slug',
          'name',
          'capacity',
          'nightly_price',
          'deposit_percent',
          'timezone',
          'photos.0.url',
          'photos.0.order',
          'surprise',
        ]),
      );
    });
  });

  describe('reservations', () => {
    it('holds, reads, lists and cancels over HTTP with snake_case and decimal strings', async () => {
      const place = await createPlace(t);
      const phone = randomPhone();
      const created = await call('POST', '/reservations', {
        accommodation: place.slug,
        check_in: inDays(10),
        check_out: inDays(17),
        guests_count: 2,
        guest_phone: phone,
        guest_name: 'Lucía Fernández',
      });
      expect(created.statusCode).toBe(201);
      const body = created.json();
      expect(body).toMatchObject({
        code: expect.stringMatching(/^RES-[23456789A-HJ-NP-Z]{6}$/),
        status: 'pre_reserved',
        accommodation: place.slug,
        check_in: inDays(10),
        check_out: inDays(17),
        nights: 7,
        guests_count: 2,
        guest_phone: phone,
        total_price: '598503.50',
        deposit_amount: '179551.00',
        source: 'admin',
        expires_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      });

      const one = await call('GET', `/reservations/${body.code}`);
      expect(one.json()).toEqual(body);

      const listed = await call(
        'GET',
        `/reservations?accommodation=${place.slug}&status=pre_reserved&from=${inDays(12)}&to=${inDays(13)}`,
      );
      expect(listed.json()).toMatchObject({ page: 1, page_size: 20, total: 1, items: [{ code: body.code }] });
      const outside = await call('GET', `/reservations?accommodation=${place.slug}&from=${inDays(17)}`);
      expect(outside.json().total).toBe(0);

      const cancelled = await call('POST', `/reservations/${body.code}/cancel`);
      expect(cancelled.statusCode).toBe(200);
      expect(cancelled.json()).toMatchObject({ code: body.code, status: 'cancelled' });
      const again = await call('POST', `/reservations/${body.code}/cancel`);
      expect(again.statusCode).toBe(409);
      expect(again.json()).toMatchObject({ error: 'invalid_transition', current_status: 'cancelled' });
    });

    it('takes a phone number written the way people write it', async () => {
      const place = await createPlace(t);
      const digits = randomPhone();
      const written = `+${digits.slice(0, 2)} 9 ${digits.slice(3, 5)} ${digits.slice(5, 9)}-${digits.slice(9)}`;
      const created = await call('POST', '/reservations', {
        accommodation: place.slug,
        check_in: inDays(20),
        check_out: inDays(21),
        guests_count: 1,
        guest_phone: written,
      });
      expect([created.statusCode, created.json().guest_phone]).toEqual([201, digits]);
    });

    it('confirms a hold by hand, once', async () => {
      const place = await createPlace(t);
      const { code } = (
        await call('POST', '/reservations', {
          accommodation: place.slug,
          check_in: inDays(10),
          check_out: inDays(11),
          guests_count: 1,
          guest_phone: randomPhone(),
        })
      ).json();
      const confirmed = await call('POST', `/reservations/${code.toLowerCase()}/confirm`);
      expect(confirmed.statusCode).toBe(200);
      expect(confirmed.json()).toMatchObject({ code, status: 'confirmed', confirmed_at: expect.any(String) });
      const again = await call('POST', `/reservations/${code}/confirm`);
      expect([again.statusCode, again.json().error]).toEqual([409, 'invalid_transition']);
    });

    it('changes the party size of an active reservation within capacity, nothing else', async () => {
      const place = await createPlace(t, { capacity: 4 });
      const held = (
        await call('POST', '/reservations', {
          accommodation: place.slug,
          check_in: inDays(12),
          check_out: inDays(14),
          guests_count: 2,
          guest_phone: randomPhone(),
        })
      ).json();
      const changed = await call('PATCH', `/reservations/${held.code}`, { guests_count: 4 });
      expect(changed.statusCode).toBe(200);
      expect(changed.json()).toEqual({ ...held, guests_count: 4 });

      const tooMany = await call('PATCH', `/reservations/${held.code}`, { guests_count: 5 });
      expect([tooMany.statusCode, tooMany.json().error]).toEqual([422, 'capacity_exceeded']);
      const invalid = await call('PATCH', `/reservations/${held.code}`, { guests_count: 'cuatro' });
      expect([invalid.statusCode, invalid.json().error]).toEqual([400, 'validation_failed']);
      const unknown = await call('PATCH', '/reservations/RES-22222A', { guests_count: 2 });
      expect([unknown.statusCode, unknown.json().error]).toEqual([404, 'not_found']);

      await call('POST', `/reservations/${held.code}/cancel`);
      const cancelled = await call('PATCH', `/reservations/${held.code}`, { guests_count: 3 });
      expect([cancelled.statusCode, cancelled.json().error]).toEqual([409, 'invalid_transition']);
      expect((await call('GET', `/reservations/${held.code}`)).json().guests_count).toBe(4);
    });

    it('pages through the list', async () => {
      const place = await createPlace(t);
      for (let i = 0; i < 3; i++) {
        await call('POST', '/reservations', {
          accommodation: place.slug,
          check_in: inDays(10 + i),
          check_out: inDays(11 + i),
          guests_count: 1,
          guest_phone: randomPhone(),
        });
      }
      const page2 = await call('GET', `/reservations?accommodation=${place.slug}&page=2&page_size=2`);
      expect(page2.json()).toMatchObject({
        page: 2,
        page_size: 2,
        total: 3,
        items: [{ check_in: inDays(10) }],
      });
      expect((await call('GET', '/reservations?page_size=101')).statusCode).toBe(400);
    });

    it('maps domain failures to their status and code', async () => {
      const place = await createPlace(t);
      const hold = (checkIn: string, checkOut: string, guests = 2, accommodation = place.slug) =>
        call('POST', '/reservations', {
          accommodation,
          check_in: checkIn,
          check_out: checkOut,
          guests_count: guests,
          guest_phone: randomPhone(),
        });
      expect((await hold(inDays(5), inDays(8))).statusCode).toBe(201);
      const overlap = await hold(inDays(6), inDays(9));
      expect([overlap.statusCode, overlap.json().error]).toEqual([409, 'date_overlap']);
      const past = await hold(inDays(-3), inDays(2));
      expect([past.statusCode, past.json().error]).toEqual([422, 'invalid_dates']);
      const crowd = await hold(inDays(20), inDays(22), 9);
      expect([crowd.statusCode, crowd.json().error]).toEqual([422, 'capacity_exceeded']);
      const nowhere = await hold(inDays(20), inDays(22), 2, 'no-such-place-xyz');
      expect([nowhere.statusCode, nowhere.json().error]).toEqual([404, 'not_found']);
      expect((await call('GET', '/reservations/RES-ZZZZZZ')).json()).toMatchObject({ error: 'not_found' });

      const invalid = await call('POST', '/reservations', {
        accommodation: place.slug,
        check_in: '15/01/2027',
        guests_count: 0,
      });
      expect(invalid.statusCode).toBe(400);
      expect((invalid.json().fields as { field: string }[]).map((f) => f.field)).toEqual(
        expect.arrayContaining(['check_in', 'check_out', 'guests_count', 'guest_phone']),
      );
    });

    it('answers availability with prices and suggestions in snake_case', async () => {
      const place = await createPlace(t);
      const free = await call(
        'GET',
        `/availability?check_in=${inDays(10)}&check_out=${inDays(12)}&guests=2&accommodation=${place.slug}`,
      );
      expect(free.statusCode).toBe(200);
      expect(free.json()).toEqual({
        available: [
          {
            accommodation: place.slug,
            name: place.name,
            capacity: 4,
            nights: 2,
            nightly_price: '85500.50',
            total_price: '171001.00',
            deposit_amount: '51300.00',
            currency: 'ARS',
          },
        ],
        suggestions: [],
      });
      await call('POST', '/reservations', {
        accommodation: place.slug,
        check_in: inDays(10),
        check_out: inDays(12),
        guests_count: 1,
        guest_phone: randomPhone(),
      });
      const taken = await call(
        'GET',
        `/availability?check_in=${inDays(10)}&check_out=${inDays(12)}&guests=2&accommodation=${place.slug}`,
      );
      expect(taken.json()).toEqual({
        available: [],
        suggestions: [
          { check_in: inDays(8), check_out: inDays(10), accommodation: place.slug, name: place.name },
          { check_in: inDays(12), check_out: inDays(14), accommodation: place.slug, name: place.name },
        ],
      });
      expect((await call('GET', '/availability?check_in=soon&guests=x')).statusCode).toBe(400);
    });
  });

  describe('OpenAPI', () => {
    it('documents every admin route with bearer auth and its schemas', async () => {
      const doc = (await t.app.inject({ method: 'GET', url: '/api/docs-json' })).json();
      const admin: [string, string][] = [
        ['/api/v1/accommodations', 'post'],
        ['/api/v1/accommodations/{slug}', 'patch'],
        ['/api/v1/accommodations/{slug}/deactivate', 'post'],
        ['/api/v1/availability', 'get'],
        ['/api/v1/reservations', 'get'],
        ['/api/v1/reservations', 'post'],
        ['/api/v1/reservations/{code}', 'get'],
        ['/api/v1/reservations/{code}', 'patch'],
        ['/api/v1/reservations/{code}/cancel', 'post'],
        ['/api/v1/reservations/{code}/confirm', 'post'],
      ];
      for (const [path, method] of admin) {
        const op = doc.paths[path]?.[method];
        expect(op).toBeDefined();
        expect(op.security).toEqual([{ bearer: [] }]);
        expect(op.responses['401']).toBeDefined();
      }
      expect(doc.paths['/api/v1/accommodations'].get.security).toBeUndefined();
      expect(doc.paths['/api/v1/reservations'].post.requestBody.content['application/json'].schema.$ref).toBe(
        '#/components/schemas/CreateReservationDto',
      );
      const schemas = doc.components.schemas;
      expect(Object.keys(schemas.CreateReservationDto.properties)).toEqual(
        expect.arrayContaining([
          'accommodation',
          'check_in',
          'check_out',
          'guests_count',
          'guest_phone',
          'guest_name',
        ]),
      );
      expect(Object.keys(schemas.ReservationResponse.properties)).toEqual(
        expect.arrayContaining(['code', 'status', 'total_price', 'deposit_amount', 'expires_at']),
      );
      expect(Object.keys(schemas.AvailabilityResponse.properties)).toEqual(['available', 'suggestions']);
      expect(schemas.CreateAccommodationDto.required).toEqual(
        expect.arrayContaining(['slug', 'name', 'capacity', 'nightly_price']),
      );
      expect(Object.keys(schemas.AccommodationResponse.properties)).not.toContain('ical_export_token');
      const queryParams = doc.paths['/api/v1/availability'].get.parameters.map(
        (p: { name: string }) => p.name,
      );
      expect(queryParams).toEqual(expect.arrayContaining(['check_in', 'check_out', 'guests']));
    });
  });
});
