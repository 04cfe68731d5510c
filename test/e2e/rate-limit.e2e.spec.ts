import { startTestApp, type TestApp } from '../support/test-app.js';

describe('rate limiting', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_MAX: '3', RATE_LIMIT_WINDOW_SECONDS: '60' } });
  });
  afterAll(() => t.close());

  const get = (url: string, ip = '203.0.113.7') => t.app.inject({ method: 'GET', url, remoteAddress: ip });

  it('answers 429 with Retry-After and the documented body past the limit, per client IP', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await get('/api/v1/accommodations')).statusCode);
    expect(statuses).toEqual([200, 200, 200]);

    const limited = await get('/api/v1/accommodations');
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ error: 'Too many requests' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);

    expect((await get('/api/v1/accommodations', '203.0.113.8')).statusCode).toBe(200);
  });

  it('never limits probes or metrics', async () => {
    for (let i = 0; i < 10; i++) {
      expect((await get('/api/v1/livez')).statusCode).toBe(200);
      expect((await get('/api/v1/readyz')).statusCode).toBe(200);
      expect((await get('/metrics')).statusCode).toBe(200);
    }
  });
});
