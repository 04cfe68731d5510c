import { loadConfig, type AppConfig } from '../../src/config/app-config.js';

/**
 * Config for a test app. With DATABASE_URL / REDIS_URL in the environment (CI's real PostgreSQL and
 * Redis) they are used, (migrations are serialised by an advisory lock, so parallel workers are safe); without them every
 * app gets its own in-memory PGlite and in-memory store.
 */
export function testConfig(overrides: Record<string, string | undefined> = {}): AppConfig {
  const base: Record<string, string | undefined> = {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATA_DIR: 'memory://',
    DATABASE_URL: process.env.DATABASE_URL,
    REDIS_URL: process.env.REDIS_URL,
    ADMIN_API_TOKEN: 'test-admin-token-0123456789',
    RATE_LIMIT_MAX: '100000',
  };
  return loadConfig({ ...base, ...overrides });
}

export const usingRealDatabase = Boolean(process.env.DATABASE_URL);
export const usingRealRedis = Boolean(process.env.REDIS_URL);
