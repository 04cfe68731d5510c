import { startTestApp, type TestApp } from '../support/test-app.js';

describe('HTTP basics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('answers a 17 MB body with 413 and a JSON error before any handler runs', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/livez',
      headers: { 'content-type': 'application/json' },
      payload: `{"a":"${'x'.repeat(17 * 1024 * 1024)}"}`,
    });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toEqual({ error: 'payload_too_large', message: expect.any(String) });
  });

  it('answers malformed JSON with 400 and a JSON error', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/livez',
      headers: { 'content-type': 'application/json' },
      payload: '{"broken": ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: expect.any(String), message: expect.any(String) });
  });

  it('answers unknown routes with the JSON error shape', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: 'not_found', message: expect.any(String) });
  });

  it('echoes a safe X-Trace-ID and replaces an unsafe one', async () => {
    const kept = await t.app.inject({
      method: 'GET',
      url: '/api/v1/livez',
      headers: { 'x-trace-id': 'abc-123' },
    });
    expect(kept.headers['x-trace-id']).toBe('abc-123');
    const replaced = await t.app.inject({
      method: 'GET',
      url: '/api/v1/livez',
      headers: { 'x-trace-id': 'DROP TABLE; --' },
    });
    expect(replaced.headers['x-trace-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves the OpenAPI document', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/docs-json' });
    expect(res.statusCode).toBe(200);
    expect(res.json().paths).toHaveProperty('/api/v1/healthz');
  });
});
