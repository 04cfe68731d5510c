import { randomInt, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  json,
  LoopbackServer,
  recordRequest,
  type RecordedHttpRequest,
  type SimulatedFailure,
} from './loopback-server.js';
import { paymentNotification } from './mercadopago-webhook-builder.js';

export type RecordedMercadoPagoRequest = RecordedHttpRequest;

/** `body` replaces the answer's body as raw text (with `status` 200: a malformed success). */
export type FakeMercadoPagoFailure = SimulatedFailure & { body?: string };

export interface FakePreference {
  id: string;
  body: Record<string, unknown>;
  response: Record<string, unknown>;
}

export interface FakeDelivery {
  url: string;
  paymentId: string;
  status: number | null;
}

export interface FakeMercadoPagoOptions {
  accessToken?: string;
  /** Signs the notifications it delivers, as the panel's secret signature does. */
  webhookSecret: string;
  /**
   * Where `init_point` points, the preference id appended: the sandbox's checkout page on the app.
   * Without it, a MercadoPago-like redirect URL on the fake itself (nothing serves it).
   */
  checkoutBaseUrl?: string;
}

export type FakePaymentStatus = 'approved' | 'rejected' | 'pending' | 'in_process';

/**
 * A loopback fake of the MercadoPago endpoints this app uses (integrations.md §3): create a
 * preference, get a payment, with the documented shapes and error bodies. It also plays the buyer
 * and the notifier: `pay` creates a payment for a preference and delivers a correctly signed
 * webhook to the preference's notification_url, which is what the sandbox checkout page calls.
 */
export class FakeMercadoPagoApi extends LoopbackServer<FakeMercadoPagoFailure, RecordedMercadoPagoRequest> {
  readonly requests: RecordedMercadoPagoRequest[] = [];
  readonly deliveries: FakeDelivery[] = [];
  private readonly preferences = new Map<string, FakePreference>();
  private readonly byIdempotencyKey = new Map<string, string>();
  private readonly payments = new Map<string, Record<string, unknown>>();
  private nextPaymentId = randomInt(100_000_000_000, 900_000_000_000);
  private nextNotificationId = randomInt(10_000_000_000, 90_000_000_000);

  /**
   * How a notification reaches the app: a real POST by default; a test whose app does not listen
   * replaces it (e.g. with `app.inject`). Resolves with the HTTP status.
   */
  deliver: (url: string, request: { headers: Record<string, string>; body: string }) => Promise<number> =
    async (url, request) => {
      const res = await fetch(url, {
        method: 'POST',
        headers: request.headers,
        body: request.body,
        // MercadoPago waits 22 seconds for an answer (§3.6).
        signal: AbortSignal.timeout(22_000),
      });
      await res.body?.cancel();
      return res.status;
    };

  constructor(private readonly options: FakeMercadoPagoOptions) {
    super();
  }

  get url(): string {
    return this.origin;
  }

  clearRequests(): void {
    this.requests.length = 0;
  }

  preference(id: string): FakePreference | undefined {
    return this.preferences.get(id);
  }

  /** Preferences created for this external_reference, oldest first. */
  preferencesFor(reference: string): FakePreference[] {
    return [...this.preferences.values()].filter((p) => p.body.external_reference === reference);
  }

  payment(id: string): Record<string, unknown> | undefined {
    return this.payments.get(id);
  }

  /**
   * A buyer pays the preference: a payment in `status` (approved by default) for its amount, then
   * the signed `payment.created` notification. Resolves once the app has answered the webhook.
   */
  async pay(
    preferenceId: string,
    options: { status?: FakePaymentStatus; amount?: number; currency?: string } = {},
  ): Promise<{ paymentId: string; delivery: FakeDelivery }> {
    const preference = this.preferences.get(preferenceId);
    if (!preference) throw new Error(`unknown preference ${preferenceId}`);
    const item = (preference.body.items as Record<string, unknown>[])[0]!;
    const paymentId = this.addPayment({
      status: options.status ?? 'approved',
      externalReference: String(preference.body.external_reference ?? ''),
      amount: options.amount ?? Number(item.unit_price),
      currency: options.currency ?? String(item.currency_id),
      description: String(item.title ?? ''),
    });
    const delivery = await this.notify(paymentId, 'payment.created');
    return { paymentId, delivery };
  }

  /** A payment as GET /v1/payments/{id} will show it, without any notification. */
  addPayment(payment: {
    status: FakePaymentStatus;
    externalReference: string;
    amount: number;
    currency?: string;
    description?: string;
  }): string {
    const id = this.nextPaymentId++;
    const now = new Date().toISOString();
    this.payments.set(String(id), {
      id,
      date_created: now,
      date_approved: payment.status === 'approved' ? now : null,
      date_last_updated: now,
      operation_type: 'regular_payment',
      payment_method_id: 'visa',
      payment_type_id: 'credit_card',
      status: payment.status,
      status_detail:
        payment.status === 'approved'
          ? 'accredited'
          : payment.status === 'rejected'
            ? 'cc_rejected_other_reason'
            : 'pending_contingency',
      currency_id: payment.currency ?? 'ARS',
      description: payment.description ?? '',
      live_mode: false,
      collector_id: 1234567890,
      payer: { id: '987654321', email: 'test_user_123@testuser.com' },
      metadata: {},
      order: { id: randomInt(10_000_000_000, 99_999_999_999), type: 'mercadopago' },
      external_reference: payment.externalReference,
      transaction_amount: payment.amount,
      transaction_amount_refunded: 0,
      installments: 1,
      captured: true,
      binary_mode: true,
      refunds: [],
    });
    return String(id);
  }

  /** Changes a payment as MercadoPago would after a refund or a chargeback (notify separately). */
  setPaymentStatus(id: string, status: string, statusDetail = status): void {
    const payment = this.payments.get(id);
    if (!payment) throw new Error(`unknown payment ${id}`);
    Object.assign(payment, {
      status,
      status_detail: statusDetail,
      date_last_updated: new Date().toISOString(),
    });
  }

  /**
   * (Re)delivers a signed notification for a payment to the notification_url of its preference,
   * as MercadoPago's retries and duplicates do; each call is a new notification id and request id.
   */
  async notify(
    paymentId: string,
    action: 'payment.created' | 'payment.updated' = 'payment.updated',
  ): Promise<FakeDelivery> {
    const payment = this.payments.get(paymentId);
    if (!payment) throw new Error(`unknown payment ${paymentId}`);
    const preference = this.preferencesFor(String(payment.external_reference)).at(-1);
    const target = preference?.body.notification_url;
    if (typeof target !== 'string') throw new Error(`no notification_url for payment ${paymentId}`);
    const notification = paymentNotification({
      paymentId,
      action,
      secret: this.options.webhookSecret,
      requestId: randomUUID(),
      notificationId: this.nextNotificationId++,
    });
    const url = `${target}${target.includes('?') ? '&' : '?'}${notification.query}`;
    const delivery: FakeDelivery = { url, paymentId, status: null };
    this.deliveries.push(delivery);
    try {
      delivery.status = await this.deliver(url, {
        headers: notification.headers,
        body: JSON.stringify(notification.body),
      });
    } catch {
      delivery.status = null;
    }
    return delivery;
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const recorded = await recordRequest(req, res);
    this.requests.push(recorded);
    const body = recorded.body;

    if (this.options.accessToken && req.headers.authorization !== `Bearer ${this.options.accessToken}`) {
      return apiError(res, 401, 'unauthorized', 'invalid access token');
    }
    const failed = this.injectFailure(recorded, res, (failure) => {
      if (failure.body !== undefined) {
        res.writeHead(failure.status, { 'content-type': 'application/json' });
        res.end(failure.body);
        return;
      }
      apiError(
        res,
        failure.status,
        failure.status === 429
          ? 'too_many_requests'
          : failure.status >= 500
            ? 'internal_error'
            : 'bad_request',
        failure.message ?? 'Simulated failure',
      );
    });
    if (failed) return;

    if (req.method === 'POST' && recorded.path === '/checkout/preferences') {
      return this.createPreference(res, body, req.headers['x-idempotency-key']);
    }
    const payment = /^\/v1\/payments\/([^/]+)$/.exec(recorded.path);
    if (req.method === 'GET' && payment) {
      const found = this.payments.get(decodeURIComponent(payment[1]!));
      if (!found) return apiError(res, 404, 'not_found', 'Payment not found');
      return json(res, 200, found);
    }
    return apiError(res, 404, 'not_found', 'Resource not found');
  }

  private createPreference(res: ServerResponse, body: unknown, key: string | string[] | undefined): void {
    const invalid = validatePreference(body);
    if (invalid) return apiError(res, 400, 'bad_request', invalid);
    const request = body as Record<string, unknown>;
    // A retried create with the same key is the same preference, as MercadoPago's idempotency promises.
    const idempotencyKey = typeof key === 'string' ? key : undefined;
    const known = idempotencyKey ? this.byIdempotencyKey.get(idempotencyKey) : undefined;
    if (known) return json(res, 201, this.preferences.get(known)!.response);

    const id = `1234567890-${randomUUID()}`;
    const initPoint = this.options.checkoutBaseUrl
      ? `${this.options.checkoutBaseUrl}/${id}`
      : `${this.origin}/checkout/v1/redirect?pref_id=${id}`;
    const response = {
      id,
      init_point: initPoint,
      sandbox_init_point: initPoint,
      collector_id: 1234567890,
      client_id: '6295877106812064',
      site_id: 'MLA',
      operation_type: 'regular_payment',
      date_created: new Date().toISOString(),
      ...pick(request, [
        'external_reference',
        'expires',
        'expiration_date_from',
        'expiration_date_to',
        'notification_url',
        'binary_mode',
        'items',
        'metadata',
      ]),
    };
    this.preferences.set(id, { id, body: request, response });
    if (idempotencyKey) this.byIdempotencyKey.set(idempotencyKey, id);
    json(res, 201, response);
  }
}

/** The checks MercadoPago documents for the fields this app sends; the message when one fails. */
function validatePreference(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return 'body must be a JSON object';
  const request = body as Record<string, unknown>;
  const items = request.items;
  if (!Array.isArray(items) || items.length === 0) return 'items is required';
  for (const item of items as Record<string, unknown>[]) {
    if (!Number.isInteger(item.quantity) || (item.quantity as number) < 1) return 'invalid quantity';
    if (typeof item.unit_price !== 'number' || !(item.unit_price > 0)) return 'invalid unit_price';
    if (typeof item.title !== 'string' || item.title === '') return 'title is required';
    if (item.currency_id !== undefined && typeof item.currency_id !== 'string') return 'invalid currency_id';
  }
  if (request.expires === true && typeof request.expiration_date_to !== 'string') {
    return 'expiration_date_to is required when expires is true';
  }
  return null;
}

function pick(source: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => k in source).map((k) => [k, source[k]]));
}

function apiError(res: ServerResponse, status: number, error: string, message: string): void {
  json(res, status, { message, error, status, cause: [] });
}
