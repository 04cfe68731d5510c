import { randomInt, randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FakeMercadoPagoApi } from '../../src/sandbox/fake-mercadopago-api.js';
import { paymentNotification } from '../../src/sandbox/mercadopago-webhook-builder.js';

export const TEST_MP_WEBHOOK_SECRET = 'sandbox-mp-webhook-secret';
export const MP_WEBHOOK_PATH = '/api/v1/webhooks/mercadopago';

export interface PostedNotification {
  status: number;
  body: Record<string, unknown>;
}

/** Posts a payment notification as MercadoPago would, signed with the test secret unless told otherwise. */
export async function postPaymentNotification(
  app: NestFastifyApplication,
  paymentId: string,
  options: {
    action?: 'payment.created' | 'payment.updated';
    notificationId?: number;
    secret?: string;
    headers?: Record<string, string>;
    query?: string;
    body?: Record<string, unknown>;
  } = {},
): Promise<PostedNotification> {
  const notification = paymentNotification({
    paymentId,
    action: options.action ?? 'payment.created',
    secret: options.secret ?? TEST_MP_WEBHOOK_SECRET,
    requestId: randomUUID(),
    notificationId: options.notificationId ?? randomInt(1, 2 ** 47),
  });
  const res = await app.inject({
    method: 'POST',
    url: `${MP_WEBHOOK_PATH}?${options.query ?? notification.query}`,
    headers: { ...notification.headers, ...options.headers },
    payload: JSON.stringify(options.body ?? notification.body),
  });
  return { status: res.statusCode, body: res.json<Record<string, unknown>>() };
}

/** The fake's notifications reach an app that does not listen through `inject`, path and query kept. */
export function deliverThroughInject(fake: FakeMercadoPagoApi, app: NestFastifyApplication): void {
  fake.deliver = async (url, request) => {
    const target = new URL(url);
    const res = await app.inject({
      method: 'POST',
      url: `${target.pathname}${target.search}`,
      headers: request.headers,
      payload: request.body,
    });
    return res.statusCode;
  };
}
