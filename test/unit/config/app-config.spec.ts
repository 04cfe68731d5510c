import { ConfigError, loadConfig } from '../../../src/config/app-config.js';

const PRODUCTION = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgresql://app@db:5432/estadia',
  REDIS_URL: 'redis://cache:6379',
  PUBLIC_BASE_URL: 'https://reservas.example.com',
  ADMIN_API_TOKEN: 'a-very-long-admin-token',
  WHATSAPP_ACCESS_TOKEN: 'EAAG-token',
  WHATSAPP_PHONE_NUMBER_ID: '106540352242922',
  WHATSAPP_APP_SECRET: 'app-secret-123',
  WHATSAPP_VERIFY_TOKEN: 'verify-token-123',
  MERCADOPAGO_ACCESS_TOKEN: 'APP_USR-123',
  MERCADOPAGO_WEBHOOK_SECRET: 'mp-secret-123',
};

describe('loadConfig', () => {
  it('starts with no environment at all, on the embedded defaults', () => {
    const config = loadConfig({});
    expect(config.http.port).toBe(3000);
    expect(config.database.embedded).toBe(true);
    expect(config.database.dataDir).toMatch(/data$/);
    expect(config.redis.url).toBeUndefined();
    expect(config.sandbox.enabled).toBe(true);
    expect(config.booking).toEqual({ holdMinutes: 60, depositPercent: 30 });
    expect(config.rateLimit).toEqual({ max: 100, windowSeconds: 60 });
    expect(config.ical).toEqual({
      syncIntervalMinutes: 10,
      fetchTimeoutMs: 15_000,
      allowPrivateAddresses: true,
    });
  });

  it('gives the type as the reason for a value that is not a number at all', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow('PORT must be an integer number');
    expect(() => loadConfig({ PORT: '70000' })).toThrow('PORT must not be greater than 65535');
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['HOLD_MINUTES', '0'],
    ['DEPOSIT_PERCENT', '101'],
    ['DATABASE_URL', 'mysql://nope'],
    ['REDIS_URL', 'http://nope'],
    ['LOG_LEVEL', 'loud'],
    ['TRUST_PROXY', 'maybe'],
    ['WHATSAPP_API_URL', 'not a url'],
    ['ICAL_FETCH_TIMEOUT_MS', '50'],
    ['ICAL_ALLOW_PRIVATE_ADDRESSES', 'sometimes'],
  ])('refuses %s=%s with one line naming the variable', (name, value) => {
    let error: unknown;
    try {
      loadConfig({ [name]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain(name);
    expect(message).not.toContain('\n');
  });

  it('accepts a complete production environment and never points at the sandbox', () => {
    const config = loadConfig(PRODUCTION);
    expect(config.production).toBe(true);
    expect(config.sandbox.enabled).toBe(false);
    expect(config.whatsapp.apiUrl).toBe('https://graph.facebook.com/v25.0');
    expect(config.mercadopago.apiUrl).toBe('https://api.mercadopago.com');
    expect(config.transcription.apiUrl).toBeUndefined();
  });

  it('lets feed URLs reach private addresses only outside production unless told otherwise', () => {
    expect(loadConfig(PRODUCTION).ical.allowPrivateAddresses).toBe(false);
    expect(loadConfig({ NODE_ENV: 'test' }).ical.allowPrivateAddresses).toBe(true);
    expect(loadConfig({ ICAL_ALLOW_PRIVATE_ADDRESSES: 'false' }).ical.allowPrivateAddresses).toBe(false);
    expect(loadConfig({ ICAL_ALLOW_PRIVATE_ADDRESSES: '' }).ical.allowPrivateAddresses).toBe(true);
    expect(
      loadConfig({ ...PRODUCTION, ICAL_ALLOW_PRIVATE_ADDRESSES: 'true' }).ical.allowPrivateAddresses,
    ).toBe(true);
  });

  it.each(Object.keys(PRODUCTION).filter((k) => k !== 'NODE_ENV'))(
    'refuses production without %s',
    (name) => {
      const env: Record<string, string> = { ...PRODUCTION };
      delete env[name];
      expect(() => loadConfig(env)).toThrow(new RegExp(`${name}.*NODE_ENV=production`));
    },
  );

  it('parses booleans, trims trailing slashes and keeps an in-memory data dir', () => {
    const config = loadConfig({
      TRUST_PROXY: 'true',
      DATA_DIR: 'memory://',
      WHATSAPP_API_URL: 'http://127.0.0.1:9999/v25.0/',
    });
    expect(config.http.trustProxy).toBe(true);
    expect(config.database.dataDir).toBeUndefined();
    expect(config.whatsapp.apiUrl).toBe('http://127.0.0.1:9999/v25.0');
  });

  it('gives the inline try of the deposit link 3 s by default, never more than any MercadoPago call', () => {
    expect(loadConfig({}).mercadopago).toMatchObject({ timeoutMs: 10_000, inlineTimeoutMs: 3_000 });
    expect(
      loadConfig({ MERCADOPAGO_TIMEOUT_MS: '2000', MERCADOPAGO_INLINE_TIMEOUT_MS: '5000' }).mercadopago,
    ).toMatchObject({ timeoutMs: 2_000, inlineTimeoutMs: 2_000 });
    expect(() => loadConfig({ MERCADOPAGO_INLINE_TIMEOUT_MS: '0' })).toThrow(/MERCADOPAGO_INLINE_TIMEOUT_MS/);
  });
});
