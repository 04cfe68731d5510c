/** What the inbox keeps of a payment notification: enough to fetch the payment, which decides. */
export interface StoredPaymentNotification {
  payment_id: string;
  action: string;
  notification_id: string | null;
  live_mode: boolean | null;
}

export type MercadoPagoNotice =
  | { kind: 'payment'; notification: StoredPaymentNotification }
  /** A topic this app does not handle (merchant orders, subscriptions…): acknowledged and ignored. */
  | { kind: 'other'; type: string };

export type ParsedNotice = { ok: true; notice: MercadoPagoNotice } | { ok: false; reason: string };

/** Payment ids are numbers; other resources use alphanumeric ids. Anything else is not a MercadoPago id. */
const RESOURCE_ID = /^[A-Za-z0-9_-]{1,64}$/;

const idText = (value: unknown): string | null =>
  typeof value === 'string' || (typeof value === 'number' && Number.isSafeInteger(value))
    ? String(value)
    : null;

/**
 * The webhook body of integrations.md §3.4. `data.id` is read from the body and must agree with the
 * query's, which is the one the signature covered.
 */
export function parseMercadoPagoNotice(body: unknown, queryDataId: unknown): ParsedNotice {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, reason: 'body must be a JSON object' };
  }
  const json = body as Record<string, unknown>;
  if (typeof json.type !== 'string' || json.type === '') return { ok: false, reason: 'type is required' };
  if (json.type !== 'payment') return { ok: true, notice: { kind: 'other', type: json.type } };

  const data = json.data as Record<string, unknown> | undefined;
  const paymentId = idText(data?.id);
  if (!paymentId || !RESOURCE_ID.test(paymentId)) return { ok: false, reason: 'data.id is required' };
  if (queryDataId !== undefined && String(queryDataId) !== paymentId) {
    return { ok: false, reason: 'data.id of the body and of the query differ' };
  }
  if (json.action !== undefined && typeof json.action !== 'string') {
    return { ok: false, reason: 'action must be a string' };
  }
  return {
    ok: true,
    notice: {
      kind: 'payment',
      notification: {
        payment_id: paymentId,
        action: (json.action as string | undefined) ?? 'payment',
        notification_id: idText(json.id),
        live_mode: typeof json.live_mode === 'boolean' ? json.live_mode : null,
      },
    },
  };
}

/**
 * The inbox key. A redelivery of one notification repeats its id and is a duplicate; a new
 * notification about the same payment (pending, then approved) is a new row, processed again against
 * the payment's current state, which is idempotent. Without a notification id, (type, data.id,
 * action) is the key MercadoPago's docs suggest.
 */
export function inboxExternalId(notification: StoredPaymentNotification): string {
  return `payment:${notification.payment_id}:${notification.action}:${notification.notification_id ?? '-'}`;
}
