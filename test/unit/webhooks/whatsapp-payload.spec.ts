import {
  extractWhatsAppEvents,
  toInboundMessage,
  toStatusUpdate,
  type StoredMessage,
} from '../../../src/webhooks/whatsapp/whatsapp-payload.js';
import { envelope } from '../../support/whatsapp-webhooks.js';

/** The reference's samples (integrations.md §1.5), one message each. */
function webhook(
  message: Record<string, unknown>,
  contact: Record<string, unknown> | null = { profile: { name: 'Lucía Fernández' }, wa_id: '5491155550123' },
) {
  return envelope({
    ...(contact ? { contacts: [contact] } : {}),
    messages: [{ from: '5491155550123', id: 'wamid.X1', timestamp: '1767715200', ...message }],
  });
}

function parseOne(message: Record<string, unknown>, contact?: Record<string, unknown> | null) {
  const { items, unrecognized } = extractWhatsAppEvents(webhook(message, contact));
  expect(unrecognized).toEqual([]);
  expect(items).toHaveLength(1);
  return { item: items[0]!, message: toInboundMessage(items[0]!.payload as unknown as StoredMessage) };
}

describe('WhatsApp payload parsing', () => {
  it('text', () => {
    const { item, message } = parseOne({ type: 'text', text: { body: 'Hola! ¿Tienen la cabaña libre?' } });
    expect(item).toMatchObject({ externalId: 'wamid.X1', kind: 'text', sender: '5491155550123' });
    expect(message).toEqual({
      id: 'wamid.X1',
      from: '5491155550123',
      userId: null,
      contactName: 'Lucía Fernández',
      timestamp: new Date(1767715200 * 1000),
      phoneNumberId: '111222333444555',
      context: null,
      type: 'text',
      text: 'Hola! ¿Tienen la cabaña libre?',
    });
  });

  it('audio (voice note)', () => {
    const { message } = parseOne({
      type: 'audio',
      audio: {
        mime_type: 'audio/ogg; codecs=opus',
        sha256: 'q3Yb8m2kX0t1nR7cVd9PzJ4uLwE6fHs5aGiKoMpQrSA=',
        id: '1908647269898587',
        url: 'https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1908647269898587',
        voice: true,
      },
    });
    expect(message).toMatchObject({
      type: 'audio',
      voice: true,
      media: {
        id: '1908647269898587',
        mimeType: 'audio/ogg; codecs=opus',
        sha256: 'q3Yb8m2kX0t1nR7cVd9PzJ4uLwE6fHs5aGiKoMpQrSA=',
        url: 'https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1908647269898587',
      },
    });
  });

  it('image with caption, forwarded', () => {
    const { message } = parseOne({
      type: 'image',
      image: {
        caption: 'Comprobante de la seña',
        mime_type: 'image/jpeg',
        sha256: 'abc=',
        id: '1003383421387256',
      },
      context: { forwarded: true },
    });
    expect(message).toMatchObject({
      type: 'image',
      caption: 'Comprobante de la seña',
      media: { id: '1003383421387256', mimeType: 'image/jpeg', url: null },
      context: { forwarded: true, messageId: null },
    });
  });

  it('location with numeric coordinates', () => {
    const { message } = parseOne({
      type: 'location',
      location: {
        latitude: -41.1334722,
        longitude: -71.3102778,
        name: 'Centro Cívico',
        address: 'Bariloche, Río Negro',
      },
    });
    expect(message).toMatchObject({
      type: 'location',
      latitude: -41.1334722,
      longitude: -71.3102778,
      name: 'Centro Cívico',
      address: 'Bariloche, Río Negro',
    });
  });

  it('interactive button reply and list reply', () => {
    const button = parseOne({
      type: 'interactive',
      context: { from: '5492944123456', id: 'wamid.OURS' },
      interactive: {
        type: 'button_reply',
        button_reply: { id: 'confirm_booking:R-2026-0042', title: 'Confirmar' },
      },
    }).message;
    expect(button).toMatchObject({
      type: 'interactive',
      reply: {
        kind: 'button_reply',
        id: 'confirm_booking:R-2026-0042',
        title: 'Confirmar',
        description: null,
      },
      context: { messageId: 'wamid.OURS' },
    });
    const list = parseOne({
      type: 'interactive',
      interactive: {
        type: 'list_reply',
        list_reply: {
          id: 'unit_cabana_2',
          title: 'Cabaña 2 (4 pax)',
          description: 'Vista al lago, parrilla',
        },
      },
    }).message;
    expect(list).toMatchObject({
      type: 'interactive',
      reply: {
        kind: 'list_reply',
        id: 'unit_cabana_2',
        title: 'Cabaña 2 (4 pax)',
        description: 'Vista al lago, parrilla',
      },
    });
  });

  it('template quick-reply button', () => {
    const { message } = parseOne({ type: 'button', button: { payload: 'SI_RESERVAR', text: 'Sí' } });
    expect(message).toMatchObject({ type: 'button', payload: 'SI_RESERVAR', text: 'Sí' });
  });

  it('reaction and its removal, with distinct inbox ids', () => {
    const added = parseOne({ type: 'reaction', reaction: { message_id: 'wamid.OURS', emoji: '👍' } });
    const removed = parseOne({ type: 'reaction', reaction: { message_id: 'wamid.OURS' } });
    expect(added.message).toMatchObject({ type: 'reaction', reactedMessageId: 'wamid.OURS', emoji: '👍' });
    expect(removed.message).toMatchObject({ type: 'reaction', reactedMessageId: 'wamid.OURS', emoji: null });
    expect(added.item.externalId).not.toBe(removed.item.externalId);
  });

  it('sticker', () => {
    const { message } = parseOne({
      type: 'sticker',
      sticker: { mime_type: 'image/webp', sha256: 'wvq=', id: '2155110562068122', animated: false },
    });
    expect(message).toMatchObject({
      type: 'sticker',
      animated: false,
      media: { id: '2155110562068122', mimeType: 'image/webp' },
    });
  });

  it('unsupported, with the original kind and error codes', () => {
    const { message } = parseOne({
      type: 'unsupported',
      errors: [{ code: 131051, title: 'Message type unknown', message: 'Message type unknown' }],
      unsupported: { type: 'poll_creation' },
    });
    expect(message).toMatchObject({
      type: 'unsupported',
      originalType: 'poll_creation',
      errorCodes: [131051],
    });
  });

  it('video and document follow the media pattern', () => {
    expect(
      parseOne({ type: 'video', video: { id: 'v1', mime_type: 'video/mp4', caption: 'El lago' } }).message,
    ).toMatchObject({
      type: 'video',
      caption: 'El lago',
      media: { id: 'v1' },
    });
    expect(
      parseOne({
        type: 'document',
        document: { id: 'd1', mime_type: 'application/pdf', filename: 'dni.pdf' },
      }).message,
    ).toMatchObject({
      type: 'document',
      filename: 'dni.pdf',
      caption: null,
      media: { id: 'd1', mimeType: 'application/pdf' },
    });
  });

  it('contacts and system messages', () => {
    expect(
      parseOne({
        type: 'contacts',
        contacts: [
          {
            name: { formatted_name: 'Juan Pérez' },
            phones: [{ phone: '+54 9 11 5555-0000', wa_id: '5491155550000' }],
          },
        ],
      }).message,
    ).toMatchObject({ type: 'contacts', contacts: [{ name: 'Juan Pérez', phones: ['5491155550000'] }] });
    const system = parseOne(
      {
        type: 'system',
        system: { type: 'user_changed_number', body: 'Cambió de número', wa_id: '5491166660000' },
      },
      null,
    ).message;
    expect(system).toMatchObject({
      type: 'system',
      systemType: 'user_changed_number',
      newWaId: '5491166660000',
      contactName: null,
    });
  });

  it('anything else lands in the default branch with its raw content', () => {
    const { message } = parseOne({ type: 'order', order: { catalog_id: 'c1', product_items: [] } });
    expect(message).toMatchObject({
      type: 'other',
      originalType: 'order',
      raw: { order: { catalog_id: 'c1' } },
    });
  });

  it('a sender without phone number is keyed on the business-scoped user id', () => {
    const body = envelope({
      contacts: [{ profile: { name: 'Ana' }, user_id: 'AR.1502576394655843' }],
      messages: [{ id: 'wamid.U1', timestamp: '1767715200', type: 'text', text: { body: 'hola' } }],
    });
    const { items } = extractWhatsAppEvents(body);
    expect(items[0]).toMatchObject({ sender: 'AR.1502576394655843' });
    expect(toInboundMessage(items[0]!.payload as unknown as StoredMessage)).toMatchObject({
      from: 'AR.1502576394655843',
      userId: 'AR.1502576394655843',
    });
  });

  it('iterates every entry, change, message and status of a batch', () => {
    const body = {
      object: 'whatsapp_business_account',
      entry: [
        (webhook({ type: 'text', text: { body: 'a' } }) as { entry: unknown[] }).entry[0],
        (
          envelope({
            messages: [
              { from: '5491100000000', id: 'wamid.B', timestamp: '1', type: 'text', text: { body: 'b' } },
            ],
            statuses: [{ id: 'wamid.S', status: 'delivered', timestamp: '1', recipient_id: '5491100000000' }],
          }) as { entry: unknown[] }
        ).entry[0],
      ],
    };
    const { items, unrecognized } = extractWhatsAppEvents(body);
    expect(unrecognized).toEqual([]);
    expect(items.map((i) => i.externalId)).toEqual(['wamid.X1', 'wamid.B', 'wamid.S:delivered']);
  });

  it('statuses: sent, and failed with its errors', () => {
    const sent = extractWhatsAppEvents(
      envelope({
        statuses: [{ id: 'wamid.S', status: 'sent', timestamp: '1767719100', recipient_id: '5491155550123' }],
      }),
    ).items[0]!;
    expect(sent).toMatchObject({ kind: 'status', externalId: 'wamid.S:sent', sender: null });
    expect(toStatusUpdate(sent.payload)).toEqual({
      providerMessageId: 'wamid.S',
      status: 'sent',
      timestamp: new Date(1767719100 * 1000),
      errors: [],
    });
    const failed = toStatusUpdate({
      id: 'wamid.F',
      status: 'failed',
      timestamp: '1767900000',
      errors: [
        { code: 131047, title: 'Re-engagement message', error_data: { details: 'More than 24 hours' } },
      ],
    });
    expect(failed).toMatchObject({
      status: 'failed',
      errors: [{ code: 131047, title: 'Re-engagement message', details: 'More than 24 hours' }],
    });
    expect(toStatusUpdate({ id: 'wamid.F', status: 'exploded' })).toBeNull();
  });

  it('reports what it does not understand', () => {
    expect(extractWhatsAppEvents({ object: 'page', entry: [] }).unrecognized).toEqual(['envelope']);
    expect(extractWhatsAppEvents('hello').unrecognized).toEqual(['envelope']);
    const other = {
      object: 'whatsapp_business_account',
      entry: [{ id: '1', changes: [{ field: 'account_update', value: {} }] }],
    };
    expect(extractWhatsAppEvents(other)).toEqual({ items: [], unrecognized: ['field:account_update'] });
    expect(
      extractWhatsAppEvents(envelope({ errors: [{ code: 130429, title: 'Rate limit hit' }] })).unrecognized,
    ).toEqual(['errors']);
    expect(extractWhatsAppEvents(envelope({ messages: [{ from: '1', type: 'text' }] })).unrecognized).toEqual(
      ['message'],
    );
    expect(extractWhatsAppEvents({ object: 'whatsapp_business_account', entry: [] })).toEqual({
      items: [],
      unrecognized: [],
    });
  });
});
