import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import path from 'node:path';
import { Env } from './env.schema.js';

/** Thrown when the environment is unusable; its message is the single line printed before exit 1. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Development-only secrets so the embedded sandbox works with no setup; production must set its own. */
export const DEV_DEFAULTS = {
  adminApiToken: 'dev-admin-token-change-me',
  whatsappAppSecret: 'sandbox-app-secret',
  whatsappVerifyToken: 'sandbox-verify-token',
  whatsappAccessToken: 'sandbox-access-token',
  whatsappPhoneNumberId: '100000000000001',
  mercadopagoAccessToken: 'TEST-sandbox-access-token',
  mercadopagoWebhookSecret: 'sandbox-mp-webhook-secret',
} as const;

const PRODUCTION_REQUIRED = [
  'DATABASE_URL',
  'REDIS_URL',
  'PUBLIC_BASE_URL',
  'ADMIN_API_TOKEN',
  'WHATSAPP_ACCESS_TOKEN',
  'WHATSAPP_PHONE_NUMBER_ID',
  'WHATSAPP_APP_SECRET',
  'WHATSAPP_VERIFY_TOKEN',
  'MERCADOPAGO_ACCESS_TOKEN',
  'MERCADOPAGO_WEBHOOK_SECRET',
] as const satisfies readonly (keyof Env)[];

const WHATSAPP_DEFAULT_URL = 'https://graph.facebook.com/v25.0';
const MERCADOPAGO_DEFAULT_URL = 'https://api.mercadopago.com';

function describe(error: ValidationError): string {
  // class-validator lists failed constraints from the last decorator to the first; the first one
  // written is the type check (`@IsInt() @Min(0) @Max(65535)`), which is the reason for `PORT=abc`.
  const reasons = Object.values(error.constraints ?? {}).reverse();
  return `${error.property} ${reasons[0] ?? 'is invalid'}`.replace(
    `${error.property} ${error.property} `,
    `${error.property} `,
  );
}

function stripTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env) {
  const env = plainToInstance(Env, source, { exposeDefaultValues: true });
  const errors = validateSync(env, { whitelist: true, forbidUnknownValues: false });
  if (errors.length > 0) {
    throw new ConfigError(`Invalid configuration: ${errors.map(describe).join('; ')}`);
  }
  const production = env.NODE_ENV === 'production';
  if (production) {
    const missing = PRODUCTION_REQUIRED.filter((name) => !env[name]);
    if (missing.length > 0) {
      throw new ConfigError(
        `Invalid configuration: ${missing.join(', ')} must be set when NODE_ENV=production`,
      );
    }
  }
  // Outside production a missing API URL means "use the built-in sandbox fake"; production never
  // gets one: there a missing URL means the vendor's real endpoint (or, for transcription, none).
  const apiUrl = (value: string | undefined, productionDefault?: string) =>
    value ? stripTrailingSlash(value) : production ? productionDefault : undefined;
  const whatsappUrl = apiUrl(env.WHATSAPP_API_URL, WHATSAPP_DEFAULT_URL);
  const mercadopagoUrl = apiUrl(env.MERCADOPAGO_API_URL, MERCADOPAGO_DEFAULT_URL);
  const transcriptionUrl = apiUrl(env.TRANSCRIPTION_API_URL);
  const sandbox = !production && (!whatsappUrl || !mercadopagoUrl || !transcriptionUrl);
  // `memory://` keeps the embedded database in memory only (tests, throwaway demos).
  const dataDir = env.DATA_DIR === 'memory://' ? undefined : path.resolve(env.DATA_DIR);

  return {
    env: env.NODE_ENV,
    production,
    http: {
      port: env.PORT,
      trustProxy: env.TRUST_PROXY,
      publicBaseUrl: env.PUBLIC_BASE_URL ? stripTrailingSlash(env.PUBLIC_BASE_URL) : undefined,
      bodyLimitBytes: 16 * 1024 * 1024,
    },
    log: { level: env.LOG_LEVEL },
    database: {
      url: env.DATABASE_URL,
      embedded: !env.DATABASE_URL,
      dataDir,
      migrateOnStart: env.DB_MIGRATE_ON_START,
    },
    redis: { url: env.REDIS_URL },
    admin: { token: env.ADMIN_API_TOKEN ?? DEV_DEFAULTS.adminApiToken },
    sandbox: { enabled: sandbox },
    whatsapp: {
      apiUrl: whatsappUrl,
      accessToken: env.WHATSAPP_ACCESS_TOKEN ?? DEV_DEFAULTS.whatsappAccessToken,
      phoneNumberId: env.WHATSAPP_PHONE_NUMBER_ID ?? DEV_DEFAULTS.whatsappPhoneNumberId,
      appSecret: env.WHATSAPP_APP_SECRET ?? DEV_DEFAULTS.whatsappAppSecret,
      verifyToken: env.WHATSAPP_VERIFY_TOKEN ?? DEV_DEFAULTS.whatsappVerifyToken,
      timeoutMs: env.WHATSAPP_TIMEOUT_MS,
      arSendWithout9: env.WHATSAPP_AR_SEND_WITHOUT_9,
      retry: { attempts: 3, baseMs: env.WHATSAPP_RETRY_BASE_MS, maxMs: env.WHATSAPP_RETRY_MAX_MS },
      breakerOpenMs: env.CIRCUIT_BREAKER_OPEN_MS,
    },
    inbox: { maxAttempts: env.INBOX_MAX_ATTEMPTS, sweepIntervalMs: env.INBOX_SWEEP_INTERVAL_MS },
    outbox: {
      maxAttempts: env.OUTBOX_MAX_ATTEMPTS,
      dispatchIntervalMs: env.OUTBOX_DISPATCH_INTERVAL_MS,
    },
    workers: { enabled: env.WORKERS_ENABLED },
    holdExpiry: { intervalMs: env.HOLD_EXPIRY_INTERVAL_SECONDS * 1000 },
    mercadopago: {
      apiUrl: mercadopagoUrl,
      accessToken: env.MERCADOPAGO_ACCESS_TOKEN ?? DEV_DEFAULTS.mercadopagoAccessToken,
      webhookSecret: env.MERCADOPAGO_WEBHOOK_SECRET ?? DEV_DEFAULTS.mercadopagoWebhookSecret,
      timeoutMs: env.MERCADOPAGO_TIMEOUT_MS,
      inlineTimeoutMs: Math.min(env.MERCADOPAGO_INLINE_TIMEOUT_MS, env.MERCADOPAGO_TIMEOUT_MS),
      // The same patience knobs as the other outside APIs.
      retry: { attempts: 3, baseMs: env.WHATSAPP_RETRY_BASE_MS, maxMs: env.WHATSAPP_RETRY_MAX_MS },
      breakerOpenMs: env.CIRCUIT_BREAKER_OPEN_MS,
    },
    transcription: {
      apiUrl: transcriptionUrl,
      apiKey: env.TRANSCRIPTION_API_KEY,
      model: env.TRANSCRIPTION_MODEL,
      timeoutMs: env.TRANSCRIPTION_TIMEOUT_MS,
      // The retry waits are the WhatsApp ones: one knob for how patient the workers are with an API.
      retry: { attempts: 3, baseMs: env.WHATSAPP_RETRY_BASE_MS, maxMs: env.WHATSAPP_RETRY_MAX_MS },
      breakerOpenMs: env.CIRCUIT_BREAKER_OPEN_MS,
    },
    booking: { holdMinutes: env.HOLD_MINUTES, depositPercent: env.DEPOSIT_PERCENT },
    rateLimit: { max: env.RATE_LIMIT_MAX, windowSeconds: env.RATE_LIMIT_WINDOW_SECONDS },
    ical: {
      syncIntervalMinutes: env.ICAL_SYNC_INTERVAL_MINUTES,
      fetchTimeoutMs: env.ICAL_FETCH_TIMEOUT_MS,
      // A feed URL is typed by an operator: in production it must not make the server fetch from
      // its own network (SSRF). Development and tests use loopback fakes.
      allowPrivateAddresses: env.ICAL_ALLOW_PRIVATE_ADDRESSES ?? !production,
    },
  };
}

export type AppConfig = ReturnType<typeof loadConfig>;

/** DI token; the abstract-class trick does not fit a plain object, so a symbol it is. */
export const APP_CONFIG = Symbol('APP_CONFIG');

/**
 * The address the outside world reaches this app at: links we hand out (deposit checkout, calendar
 * export) and callbacks we register (MercadoPago notifications). Without PUBLIC_BASE_URL (development
 * only) that is this process on loopback.
 */
export function publicBaseUrl(config: AppConfig): string {
  return config.http.publicBaseUrl ?? `http://127.0.0.1:${config.http.port}`;
}
