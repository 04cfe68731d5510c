import { createHmac } from 'node:crypto';

/**
 * Webhooks as Meta sends them (integrations.md §1), for everything that plays Meta locally: the chat
 * CLI, the benches and the tests. The WhatsApp Business Account id and display number are fixed
 * sandbox values; the app reads only `phone_number_id`.
 */
export function whatsAppEnvelope(
  value: Record<string, unknown>,
  phoneNumberId: string,
): Record<string, unknown> {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '999888777666555',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '5492944123456', phone_number_id: phoneNumberId },
              ...value,
            },
          },
        ],
      },
    ],
  };
}

export interface InboundMessage {
  phoneNumberId: string;
  from: string;
  name: string;
  /** The message element's own fields (`id`, `type`, `text`, `audio`…), merged after `from` and `timestamp`. */
  message: Record<string, unknown>;
}

/** One guest message from `from`, with the contact entry Meta sends beside it. */
export function inboundMessageWebhook({
  phoneNumberId,
  from,
  name,
  message,
}: InboundMessage): Record<string, unknown> {
  return whatsAppEnvelope(
    {
      contacts: [{ profile: { name }, wa_id: from }],
      messages: [{ from, timestamp: String(Math.floor(Date.now() / 1000)), ...message }],
    },
    phoneNumberId,
  );
}

/** The `X-Hub-Signature-256` value for a raw body: `sha256=` and the HMAC-SHA256 hex digest. */
export function whatsAppSignature(raw: string | Buffer, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(raw).digest('hex')}`;
}
