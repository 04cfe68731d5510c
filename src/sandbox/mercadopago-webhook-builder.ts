import { createHmac } from 'node:crypto';

/**
 * Notifications as MercadoPago sends them (integrations.md §3.4–3.5), for everything that plays
 * MercadoPago locally: the sandbox fake, the tests. Computed here on its own, not with the app's
 * validator, so a test signing with this checks the validator against a second implementation.
 */
export interface MercadoPagoNotification {
  /** Query string to append to the notification URL: `data.id` and `type`. */
  query: string;
  headers: { 'content-type': string; 'x-signature': string; 'x-request-id': string };
  body: Record<string, unknown>;
}

export function mercadoPagoSignature(options: {
  dataId?: string;
  requestId?: string;
  ts: string;
  secret: string;
}): string {
  const id = options.dataId === undefined ? '' : `id:${options.dataId.toLowerCase()};`;
  const request = options.requestId === undefined ? '' : `request-id:${options.requestId};`;
  const manifest = `${id}${request}ts:${options.ts};`;
  return `ts=${options.ts},v1=${createHmac('sha256', options.secret).update(manifest).digest('hex')}`;
}

export function paymentNotification(options: {
  paymentId: string;
  action: 'payment.created' | 'payment.updated';
  secret: string;
  requestId: string;
  notificationId: number;
  now?: Date;
}): MercadoPagoNotification {
  const now = options.now ?? new Date();
  const ts = String(Math.floor(now.getTime() / 1000));
  return {
    query: `data.id=${encodeURIComponent(options.paymentId)}&type=payment`,
    headers: {
      'content-type': 'application/json',
      'x-signature': mercadoPagoSignature({
        dataId: options.paymentId,
        requestId: options.requestId,
        ts,
        secret: options.secret,
      }),
      'x-request-id': options.requestId,
    },
    body: {
      action: options.action,
      api_version: 'v1',
      data: { id: options.paymentId },
      date_created: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      id: options.notificationId,
      live_mode: false,
      type: 'payment',
      user_id: 1234567890,
    },
  };
}
