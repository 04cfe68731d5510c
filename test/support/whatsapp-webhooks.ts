import { randomBytes, randomInt } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  inboundMessageWebhook,
  whatsAppEnvelope,
  whatsAppSignature,
} from '../../src/sandbox/whatsapp-webhook-builder.js';

export const TEST_APP_SECRET = 'sandbox-app-secret';

export function sign(raw: string | Buffer, secret = TEST_APP_SECRET): string {
  return whatsAppSignature(raw, secret);
}

/** A random Argentine mobile in Meta's `549…` form, so runs on a shared database never collide. */
export function randomGuestPhone(): string {
  return `54911${String(randomInt(10_000_000, 99_999_999))}`;
}

export function randomWamid(): string {
  return `wamid.${randomBytes(24).toString('base64')}`;
}

/** The phone_number_id of the test webhooks' metadata (the app answers from its own configured number). */
const TEST_PHONE_NUMBER_ID = '111222333444555';

export function envelope(value: Record<string, unknown>): Record<string, unknown> {
  return whatsAppEnvelope(value, TEST_PHONE_NUMBER_ID);
}

/** One inbound message webhook; `content` is merged into the message element. */
export function messageWebhook(
  from: string,
  content: Record<string, unknown>,
  id = randomWamid(),
  name = 'Lucía Fernández',
): Record<string, unknown> {
  return inboundMessageWebhook({
    phoneNumberId: TEST_PHONE_NUMBER_ID,
    from,
    name,
    message: { id, ...content },
  });
}

export function textWebhook(from: string, body: string, id = randomWamid()): Record<string, unknown> {
  return messageWebhook(from, { type: 'text', text: { body } }, id);
}

export function statusWebhook(
  providerMessageId: string,
  status: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return envelope({
    statuses: [
      {
        id: providerMessageId,
        status,
        timestamp: String(Math.floor(Date.now() / 1000)),
        recipient_id: '5491155550123',
        ...extra,
      },
    ],
  });
}

/** Injects `payload` into the app as Meta would POST it, signed with the test app secret; the status code. */
export async function postWebhook(
  app: NestFastifyApplication,
  payload: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<number> {
  const raw = JSON.stringify(payload);
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/webhooks/whatsapp',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(raw), ...headers },
    payload: raw,
  });
  return res.statusCode;
}

/** Polls until `check` returns a truthy value (or throws after `timeoutMs`): for asynchronous outcomes. */
export async function eventually<T>(
  check: () => Promise<T> | T,
  timeoutMs = 15_000,
  everyMs = 25,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `condition not met within ${timeoutMs} ms${last ? `: ${(last as Error).message}` : ''}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
