import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectMetric, makeCounterProvider } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';
import { CircuitBreakerFactory } from '../../common/resilience/circuit-breaker.factory.js';
import { type CircuitBreaker } from '../../common/resilience/circuit-breaker.js';
import { callThroughBreaker } from '../../common/resilience/call-through-breaker.js';
import { parseRetryAfter } from '../../common/resilience/retry.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { ExternalApiUrls } from '../../sandbox/external-api-urls.js';
import { isRetryableStatus, MercadoPagoApiError } from './mercadopago-api.error.js';
import { amountFromJson, argentineTimestamp } from './mercadopago-format.js';
import type { CreatedPreference, DepositPreferenceRequest, MercadoPagoPayment } from './mercadopago.types.js';

export const MERCADOPAGO_RETRIES = 'mercadopago_retries_total';

export const mercadopagoRetriesProvider = makeCounterProvider({
  name: MERCADOPAGO_RETRIES,
  help: 'Retries of MercadoPago API calls, by the number of the attempt being made',
  labelNames: ['attempt'],
});

const BREAKER_FAILURES = 5;
const BREAKER_WINDOW_MS = 60_000;

export interface CallOptions {
  /** Fewer attempts than the policy's 3, for a caller someone is waiting on. */
  attempts?: number;
  /** A shorter timeout than MERCADOPAGO_TIMEOUT_MS for each attempt, for the same reason. */
  timeoutMs?: number;
}

/**
 * The only way to MercadoPago (integrations.md §3). Same shape as the WhatsApp client: each HTTP call
 * goes through the circuit breaker and the retry policy wraps it, so an open circuit ends the retries
 * at once. Writes carry the caller's stable `X-Idempotency-Key`, so a retried create is not a second
 * preference.
 */
@Injectable()
export class MercadoPagoClient {
  private readonly logger = new Logger('MercadoPagoClient');
  private readonly breaker: CircuitBreaker;
  private readonly baseUrl: string;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    urls: ExternalApiUrls,
    breakers: CircuitBreakerFactory,
    @InjectMetric(MERCADOPAGO_RETRIES) private readonly retries: Counter<string>,
  ) {
    this.baseUrl = urls.mercadopago;
    this.breaker = breakers.create({
      service: 'mercadopago',
      failureThreshold: BREAKER_FAILURES,
      windowMs: BREAKER_WINDOW_MS,
      openMs: config.mercadopago.breakerOpenMs,
      callTimeoutMs: config.mercadopago.timeoutMs + 1_000,
      // A 4xx (or a body we cannot read) says nothing about MercadoPago being down.
      isFailure: (error) => !(error instanceof MercadoPagoApiError) || error.retryable,
    });
  }

  async createPreference(
    request: DepositPreferenceRequest,
    idempotencyKey: string,
    options: CallOptions = {},
  ): Promise<CreatedPreference> {
    const body = {
      items: [
        {
          id: `${request.reference}-deposit`,
          title: request.title,
          description: request.description,
          category_id: 'travels',
          quantity: 1,
          currency_id: request.currency,
          unit_price: Number(request.amount),
        },
      ],
      external_reference: request.reference,
      notification_url: request.notificationUrl,
      // Only approved or rejected: a cash voucher paid days later would arrive after the hold.
      binary_mode: true,
      expires: true,
      expiration_date_from: argentineTimestamp(request.availableFrom),
      expiration_date_to: argentineTimestamp(request.expiresAt),
      payment_methods: { excluded_payment_types: [{ id: 'ticket' }], installments: 1 },
      metadata: { reservation_code: request.reference },
    };
    const json = await this.call('POST', '/checkout/preferences', options, body, idempotencyKey);
    if (typeof json.id !== 'string' || typeof json.init_point !== 'string') {
      throw badPayload('preference answered without id or init_point');
    }
    return { id: json.id, initPoint: json.init_point };
  }

  async getPayment(paymentId: string, options: CallOptions = {}): Promise<MercadoPagoPayment> {
    const json = await this.call('GET', `/v1/payments/${encodeURIComponent(paymentId)}`, options);
    const amount = amountFromJson(json.transaction_amount);
    const id = typeof json.id === 'number' || typeof json.id === 'string' ? String(json.id) : null;
    if (!id || typeof json.status !== 'string' || amount === null || typeof json.currency_id !== 'string') {
      throw badPayload('payment answered without id, status, transaction_amount or currency_id');
    }
    return {
      id,
      status: json.status,
      statusDetail: typeof json.status_detail === 'string' ? json.status_detail : null,
      externalReference: typeof json.external_reference === 'string' ? json.external_reference : null,
      amount,
      currency: json.currency_id,
      liveMode: json.live_mode === true,
      raw: json,
    };
  }

  private call(
    method: 'GET' | 'POST',
    path: string,
    options: CallOptions,
    body?: unknown,
    idempotencyKey?: string,
  ): Promise<Record<string, unknown>> {
    const { attempts, baseMs, maxMs } = this.config.mercadopago.retry;
    return callThroughBreaker(
      this.breaker,
      {
        service: 'mercadopago',
        retries: this.retries,
        logger: this.logger,
        attempts: Math.min(attempts, options.attempts ?? attempts),
        baseMs,
        maxMs,
        isRetryable: (error) => error instanceof MercadoPagoApiError && error.retryable,
        retryAfterMs: (error) =>
          error instanceof MercadoPagoApiError ? error.details.retryAfterMs : undefined,
      },
      () =>
        this.attempt(
          method,
          path,
          body,
          idempotencyKey,
          options.timeoutMs ?? this.config.mercadopago.timeoutMs,
        ),
    );
  }

  private async attempt(
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    idempotencyKey: string | undefined,
    timeoutMs: number,
  ): Promise<Record<string, unknown>> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.config.mercadopago.accessToken}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(idempotencyKey ? { 'x-idempotency-key': idempotencyKey } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const timeout = (error as Error).name === 'TimeoutError';
      throw new MercadoPagoApiError(
        timeout ? 'mercadopago call timed out' : 'mercadopago call failed on the network',
        { status: null, error: null, retryable: true },
      );
    }
    const text = await response.text().catch(() => '');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    const json = isObject(parsed) ? parsed : undefined;
    if (response.ok) {
      if (!json) throw badPayload(`mercadopago answered ${response.status} without a JSON object`);
      return json;
    }
    const message = typeof json?.message === 'string' ? `: ${json.message}` : '';
    throw new MercadoPagoApiError(`mercadopago answered ${response.status}${message}`, {
      status: response.status,
      error: typeof json?.error === 'string' ? json.error : null,
      retryable: isRetryableStatus(response.status),
      retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
    });
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function badPayload(message: string): MercadoPagoApiError {
  return new MercadoPagoApiError(message, { status: 200, error: 'bad_payload', retryable: false });
}
