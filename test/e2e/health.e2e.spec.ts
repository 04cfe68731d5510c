import { startTestApp, type TestApp } from '../support/test-app.js';
import { usingRealDatabase, usingRealRedis } from '../support/test-config.js';

describe('probes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('livez answers 200 without dependency checks', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/livez' });
    expect(res.statusCode).toBe(200);
  });

  it('readyz is 200 ready once started', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/readyz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ready' });
  });

  it('healthz reports every dependency', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/healthz' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    // A long-lived shared database may hold calendar feeds other suites left unsynced for hours.
    expect(body.status).toBe(
      usingRealDatabase && body.checks.ical_sync.status === 'stale' ? 'degraded' : 'healthy',
    );
    expect(body.checks.database.status).toBe('ok');
    expect(typeof body.checks.database.latency_ms).toBe('number');
    expect(body.checks.redis.status).toBe(usingRealRedis ? 'ok' : 'disabled');
    expect(body.checks.ical_sync.status).toMatch(/^(ok|stale)$/);
    expect(body.checks.ical_sync).toHaveProperty('max_age_minutes');
    expect(Date.parse(body.timestamp)).not.toBeNaN();
  });

  it('metrics expose the HTTP histogram and process metrics, outside the API prefix', async () => {
    await t.app.inject({ method: 'GET', url: '/api/v1/accommodations' });
    await t.app.inject({ method: 'GET', url: '/api/v1/livez' });
    const res = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(
      /http_request_duration_seconds_bucket\{[^}]*route="\/api\/v1\/accommodations"[^}]*status_code="200"/,
    );
    // Probes and scrapes are quiet: machines poll them every few seconds.
    expect(res.body).not.toMatch(/route="\/api\/v1\/livez"/);
    expect(res.body).not.toMatch(/route="\/metrics"/);
    expect(res.body).toContain('process_cpu_user_seconds_total');
  });
});
