import type {
  InboundWhatsAppMessage,
  MediaRef,
  MessageContext,
} from '../../messaging/whatsapp/inbound-message.js';

/**
 * Meta's webhook shapes (integrations.md §1.4–1.7), in two steps: `extractWhatsAppEvents` runs in the
 * request and only cuts the envelope into inbox rows (cheap, and enough to deduplicate);
 * `toInboundMessage` and `toStatusUpdate` run in the processor and type each row.
 */

type Json = Record<string, unknown>;

export interface InboxItem {
  externalId: string;
  kind: string;
  sender: string | null;
  payload: Json;
}

export interface ExtractedEvents {
  items: InboxItem[];
  /** Why parts of the payload were not understood; non-empty means "keep it for inspection". */
  unrecognized: string[];
}

/** What the inbox stores for one message: the raw element with the envelope facts it needs. */
export interface StoredMessage {
  phone_number_id: string;
  contact: Json | null;
  message: Json;
}

export type DeliveryStatus = 'sent' | 'delivered' | 'read' | 'failed' | 'played';

export interface StatusUpdate {
  providerMessageId: string;
  status: DeliveryStatus;
  timestamp: Date;
  errors: { code: number | null; title: string | null; details: string | null }[];
}

const DELIVERY_STATUSES: readonly string[] = ['sent', 'delivered', 'read', 'failed', 'played'];

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const num = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;
const arr = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

export function extractWhatsAppEvents(body: unknown): ExtractedEvents {
  const items: InboxItem[] = [];
  const unrecognized: string[] = [];
  if (!isObject(body) || body.object !== 'whatsapp_business_account' || !Array.isArray(body.entry)) {
    return { items, unrecognized: ['envelope'] };
  }
  for (const entry of body.entry) {
    if (!isObject(entry) || !Array.isArray(entry.changes)) {
      unrecognized.push('entry');
      continue;
    }
    for (const change of entry.changes) {
      if (!isObject(change) || change.field !== 'messages' || !isObject(change.value)) {
        unrecognized.push(`field:${isObject(change) ? String(change.field) : 'invalid'}`);
        continue;
      }
      extractChange(change.value, items, unrecognized);
    }
  }
  return { items, unrecognized };
}

function extractChange(value: Json, items: InboxItem[], unrecognized: string[]): void {
  const phoneNumberId = isObject(value.metadata) ? str(value.metadata.phone_number_id) : null;
  const contacts = arr(value.contacts).filter(isObject);
  for (const message of arr(value.messages)) {
    const id = isObject(message) ? str(message.id) : null;
    const type = isObject(message) ? str(message.type) : null;
    if (!isObject(message) || !id || !type || !phoneNumberId) {
      unrecognized.push('message');
      continue;
    }
    const from = str(message.from);
    const contact =
      contacts.find((c) => from !== null && c.wa_id === from) ?? (contacts.length === 1 ? contacts[0] : null);
    const sender = from ?? (contact ? str(contact.user_id) : null);
    if (!sender) {
      unrecognized.push('message_sender');
      continue;
    }
    const stored: StoredMessage = { phone_number_id: phoneNumberId, contact, message };
    items.push({
      externalId: messageExternalId(message, id),
      kind: type,
      sender,
      payload: stored as unknown as Json,
    });
  }
  for (const status of arr(value.statuses)) {
    const id = isObject(status) ? str(status.id) : null;
    const state = isObject(status) ? str(status.status) : null;
    if (!isObject(status) || !id || !state) {
      unrecognized.push('status');
      continue;
    }
    // (id, status) is Meta's own dedupe key for statuses: the same wamid legitimately reports several.
    items.push({ externalId: `${id}:${state}`, kind: 'status', sender: null, payload: status });
  }
  if (arr(value.errors).length > 0) unrecognized.push('errors');
}

/** A reaction and its removal share the message id (§1.5.6): the emoji and time make them distinct. */
function messageExternalId(message: Json, id: string): string {
  if (message.type !== 'reaction') return id;
  const reaction = isObject(message.reaction) ? message.reaction : {};
  return `${id}:${str(reaction.emoji) ?? 'removed'}:${str(message.timestamp) ?? ''}`;
}

function media(value: unknown): MediaRef {
  const m = isObject(value) ? value : {};
  return { id: str(m.id) ?? '', mimeType: str(m.mime_type), sha256: str(m.sha256), url: str(m.url) };
}

function context(value: unknown): MessageContext | null {
  if (!isObject(value)) return null;
  return {
    messageId: str(value.id),
    forwarded: value.forwarded === true || value.frequently_forwarded === true,
  };
}

function timestamp(value: unknown): Date {
  const seconds = Number(str(value) ?? value);
  return Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000) : new Date(0);
}

export function toInboundMessage(stored: StoredMessage): InboundWhatsAppMessage {
  const m = stored.message;
  const contact = stored.contact ?? {};
  const profile = isObject(contact.profile) ? contact.profile : {};
  const userId = str(contact.user_id);
  const common = {
    id: str(m.id) ?? '',
    from: str(m.from) ?? userId ?? '',
    userId,
    contactName: str(profile.name),
    timestamp: timestamp(m.timestamp),
    phoneNumberId: stored.phone_number_id,
    context: context(m.context),
  };
  const type = str(m.type) ?? 'unknown';
  const content = isObject(m[type]) ? (m[type] as Json) : {};
  switch (type) {
    case 'text':
      return { ...common, type, text: str(content.body) ?? '' };
    case 'audio':
      return { ...common, type, media: media(content), voice: content.voice === true };
    case 'image':
    case 'video':
      return { ...common, type, media: media(content), caption: str(content.caption) };
    case 'document':
      return {
        ...common,
        type,
        media: media(content),
        caption: str(content.caption),
        filename: str(content.filename),
      };
    case 'sticker':
      return { ...common, type, media: media(content), animated: content.animated === true };
    case 'location': {
      const latitude = num(content.latitude);
      const longitude = num(content.longitude);
      if (latitude === null || longitude === null) break;
      return { ...common, type, latitude, longitude, name: str(content.name), address: str(content.address) };
    }
    case 'interactive': {
      const kind = str(content.type);
      const reply = kind ? content[kind] : undefined;
      if ((kind !== 'button_reply' && kind !== 'list_reply') || !isObject(reply) || !str(reply.id)) break;
      return {
        ...common,
        type,
        reply: {
          kind,
          id: str(reply.id)!,
          title: str(reply.title) ?? '',
          description: str(reply.description),
        },
      };
    }
    case 'button':
      return { ...common, type, payload: str(content.payload) ?? '', text: str(content.text) ?? '' };
    case 'reaction': {
      const reacted = str(content.message_id);
      if (!reacted) break;
      return { ...common, type, reactedMessageId: reacted, emoji: str(content.emoji) || null };
    }
    case 'contacts':
      return {
        ...common,
        type,
        contacts: arr(m.contacts)
          .filter(isObject)
          .map((c) => ({
            name: isObject(c.name) ? str(c.name.formatted_name) : null,
            phones: arr(c.phones)
              .filter(isObject)
              .map((p) => str(p.wa_id) ?? str(p.phone))
              .filter((p): p is string => p !== null),
          })),
      };
    case 'system':
      return {
        ...common,
        type,
        systemType: str(content.type),
        body: str(content.body),
        newWaId: str(content.wa_id),
      };
    case 'unsupported':
      return {
        ...common,
        type,
        originalType: str(content.type),
        errorCodes: arr(m.errors)
          .filter(isObject)
          .map((e) => num(e.code))
          .filter((c): c is number => c !== null),
      };
  }
  return { ...common, type: 'other', originalType: type, raw: m };
}

export function toStatusUpdate(payload: Json): StatusUpdate | null {
  const id = str(payload.id);
  const status = str(payload.status);
  if (!id || !status || !DELIVERY_STATUSES.includes(status)) return null;
  return {
    providerMessageId: id,
    status: status as DeliveryStatus,
    timestamp: timestamp(payload.timestamp),
    errors: arr(payload.errors)
      .filter(isObject)
      .map((e) => ({
        code: num(e.code),
        title: str(e.title),
        details: isObject(e.error_data) ? str(e.error_data.details) : null,
      })),
  };
}
