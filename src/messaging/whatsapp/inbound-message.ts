/**
 * One inbound WhatsApp message, typed. It lives beside the WhatsApp client (media ids here are
 * resolved through it) so that conversation can read it without importing webhooks, which parses it.
 */
export interface MediaRef {
  id: string;
  mimeType: string | null;
  /** Base64 SHA-256 as Meta sends it. */
  sha256: string | null;
  /** Direct download URL, when Meta already included one (still needs the token). */
  url: string | null;
}

export interface MessageContext {
  /** The wamid of our message the guest replied or reacted to. */
  messageId: string | null;
  forwarded: boolean;
}

interface Common {
  /** wamid. */
  id: string;
  /** Sender as Meta sent it (`549…` for Argentine mobiles); the business-scoped user id when the phone is withheld. */
  from: string;
  /** Business-scoped user id (`AR.…`), when present. */
  userId: string | null;
  contactName: string | null;
  timestamp: Date;
  /** Our business number that received it; replies go out from it. */
  phoneNumberId: string;
  context: MessageContext | null;
}

export type InboundWhatsAppMessage = Common &
  (
    | { type: 'text'; text: string }
    | { type: 'audio'; media: MediaRef; voice: boolean }
    | { type: 'image'; media: MediaRef; caption: string | null }
    | { type: 'video'; media: MediaRef; caption: string | null }
    | { type: 'document'; media: MediaRef; caption: string | null; filename: string | null }
    | { type: 'sticker'; media: MediaRef; animated: boolean }
    | {
        type: 'location';
        latitude: number;
        longitude: number;
        name: string | null;
        address: string | null;
      }
    | {
        type: 'interactive';
        reply: { kind: 'button_reply' | 'list_reply'; id: string; title: string; description: string | null };
      }
    /** Quick-reply button of a template message. */
    | { type: 'button'; payload: string; text: string }
    /** `emoji` null means the guest removed the reaction. */
    | { type: 'reaction'; reactedMessageId: string; emoji: string | null }
    | { type: 'contacts'; contacts: { name: string | null; phones: string[] }[] }
    | { type: 'system'; systemType: string | null; body: string | null; newWaId: string | null }
    | { type: 'unsupported'; originalType: string | null; errorCodes: number[] }
    /** Anything else (order, flow replies, types Meta adds later): kept raw for whoever needs it. */
    | { type: 'other'; originalType: string; raw: Record<string, unknown> }
  );

export type InboundMessageType = InboundWhatsAppMessage['type'];
