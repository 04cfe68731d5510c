import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';

const URL_OPTIONS = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };
const emptyToUndefined = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;
const toBoolean = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  return value;
};

/**
 * Every environment variable the service reads. Defaults are the development ones; production
 * requirements are enforced in app-config.ts because they depend on NODE_ENV.
 */
export class Env {
  @Type(() => Number) @IsInt() @Min(0) @Max(65535) PORT = 3000;
  @IsIn(['development', 'test', 'production']) NODE_ENV: 'development' | 'test' | 'production' =
    'development';
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) LOG_LEVEL = 'info';

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^rediss?:\/\/.+/, { message: 'must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  @IsString() @MinLength(1) DATA_DIR = './data';
  @Transform(emptyToUndefined) @IsOptional() @IsUrl(URL_OPTIONS) PUBLIC_BASE_URL?: string;
  @Transform(emptyToUndefined) @IsOptional() @IsString() @MinLength(16) ADMIN_API_TOKEN?: string;
  @Transform(toBoolean) @IsBoolean() TRUST_PROXY = false;
  @Transform(toBoolean) @IsBoolean() DB_MIGRATE_ON_START = true;

  @Transform(emptyToUndefined) @IsOptional() @IsUrl(URL_OPTIONS) WHATSAPP_API_URL?: string;
  @Transform(emptyToUndefined) @IsOptional() @IsString() WHATSAPP_ACCESS_TOKEN?: string;
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^\d{5,20}$/, { message: 'must be the numeric phone number id' })
  WHATSAPP_PHONE_NUMBER_ID?: string;
  @Transform(emptyToUndefined) @IsOptional() @IsString() @MinLength(8) WHATSAPP_APP_SECRET?: string;
  @Transform(emptyToUndefined) @IsOptional() @IsString() @MinLength(8) WHATSAPP_VERIFY_TOKEN?: string;

  @Transform(emptyToUndefined) @IsOptional() @IsUrl(URL_OPTIONS) MERCADOPAGO_API_URL?: string;
  @Transform(emptyToUndefined) @IsOptional() @IsString() MERCADOPAGO_ACCESS_TOKEN?: string;
  @Transform(emptyToUndefined) @IsOptional() @IsString() @MinLength(8) MERCADOPAGO_WEBHOOK_SECRET?: string;

  @Transform(emptyToUndefined) @IsOptional() @IsUrl(URL_OPTIONS) TRANSCRIPTION_API_URL?: string;
  @Transform(emptyToUndefined) @IsOptional() @IsString() TRANSCRIPTION_API_KEY?: string;
  @IsString() @MinLength(1) @MaxLength(100) TRANSCRIPTION_MODEL = 'whisper-1';

  @Type(() => Number) @IsInt() @Min(1) @Max(1440) HOLD_MINUTES = 60;
  @Type(() => Number) @IsInt() @Min(0) @Max(100) DEPOSIT_PERCENT = 30;
  @Type(() => Number) @IsInt() @Min(1) RATE_LIMIT_MAX = 100;
  @Type(() => Number) @IsInt() @Min(1) @Max(86400) RATE_LIMIT_WINDOW_SECONDS = 60;
  @Type(() => Number) @IsInt() @Min(1) @Max(1440) ICAL_SYNC_INTERVAL_MINUTES = 10;
  @Type(() => Number) @IsInt() @Min(100) @Max(120_000) ICAL_FETCH_TIMEOUT_MS = 15_000;
  /**
   * Whether feed URLs may point at loopback / private / link-local addresses. Unset: yes outside
   * production (the sandbox feeds run on loopback), no in production.
   */
  @Transform(({ value }) => toBoolean({ value: emptyToUndefined({ value }) }))
  @IsOptional()
  @IsBoolean()
  ICAL_ALLOW_PRIVATE_ADDRESSES?: boolean;

  // WhatsApp channel resilience; tests shorten them, production keeps the defaults.
  @Type(() => Number) @IsInt() @Min(1) @Max(60_000) WHATSAPP_TIMEOUT_MS = 10_000;
  @Transform(toBoolean) @IsBoolean() WHATSAPP_AR_SEND_WITHOUT_9 = false;
  @Type(() => Number) @IsInt() @Min(1) @Max(60_000) WHATSAPP_RETRY_BASE_MS = 2_000;
  @Type(() => Number) @IsInt() @Min(1) @Max(60_000) WHATSAPP_RETRY_MAX_MS = 10_000;
  @Type(() => Number) @IsInt() @Min(1) @Max(3_600_000) CIRCUIT_BREAKER_OPEN_MS = 60_000;
  /** One transcription request; a voice note of a few minutes takes seconds on the real API. */
  @Type(() => Number) @IsInt() @Min(1) @Max(300_000) TRANSCRIPTION_TIMEOUT_MS = 15_000;
  /** One MercadoPago call; creating the deposit link is waited for by the guest's reply. */
  @Type(() => Number) @IsInt() @Min(1) @Max(60_000) MERCADOPAGO_TIMEOUT_MS = 10_000;
  /**
   * The deposit link's first try, made while the guest's reply (and its database transaction) waits:
   * shorter, since a slow MercadoPago then holds one conversation's row, or on the embedded database
   * everyone's. Capped by MERCADOPAGO_TIMEOUT_MS.
   */
  @Type(() => Number) @IsInt() @Min(1) @Max(60_000) MERCADOPAGO_INLINE_TIMEOUT_MS = 3_000;
  @Type(() => Number) @IsInt() @Min(1) @Max(100) OUTBOX_MAX_ATTEMPTS = 10;
  @Type(() => Number) @IsInt() @Min(1) @Max(100) INBOX_MAX_ATTEMPTS = 5;
  @Type(() => Number) @IsInt() @Min(10) @Max(600_000) OUTBOX_DISPATCH_INTERVAL_MS = 1_000;
  @Type(() => Number) @IsInt() @Min(10) @Max(600_000) INBOX_SWEEP_INTERVAL_MS = 5_000;
  /** How often unpaid holds past their expiry are expired (and their guests told). */
  @Type(() => Number) @IsInt() @Min(1) @Max(3600) HOLD_EXPIRY_INTERVAL_SECONDS = 60;
  /** false makes an ingest-only replica: it stores webhooks but processes and sends nothing. */
  @Transform(toBoolean) @IsBoolean() WORKERS_ENABLED = true;
}
