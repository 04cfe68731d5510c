import { randomBytes } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type {
  SentMessageDto,
  SentMessagesResponse,
  VoiceNoteMediaDto,
} from '../sandbox/sandbox-whatsapp.controller.js';
import { inboundMessageWebhook, whatsAppSignature } from '../sandbox/whatsapp-webhook-builder.js';

/** A reply as the sandbox's fake Graph API received it (GET /api/v1/sandbox/whatsapp/messages). */
export type BotReply = SentMessageDto;

/** Why the chat cannot go on; its message is the one line shown to the person chatting. */
export class ChatError extends Error {
  override name = 'ChatError';
}

export interface ChatSessionOptions {
  /** The app's base URL, e.g. http://127.0.0.1:3000. */
  url: string;
  /** The guest's number in Meta's digits-only form, e.g. 5491155580001. */
  phone: string;
  name: string;
  appSecret: string;
  phoneNumberId: string;
}

const WEBHOOK_PATH = '/api/v1/webhooks/whatsapp';
const MESSAGES_PATH = '/api/v1/sandbox/whatsapp/messages';
const VOICE_NOTES_PATH = '/api/v1/sandbox/whatsapp/voice-notes';

/**
 * One guest talking to a running app as WhatsApp would: each message goes in as a signed webhook
 * (integrations.md §1.3–1.5.1) and the replies are read back from the sandbox's fake Graph API.
 */
export class ChatSession {
  /**
   * Its own connections, closed by `close()`: an app shutting down waits for every open connection,
   * including one a cancelled poll left half-open, so the chat must not leave any behind.
   */
  private readonly agent: http.Agent;

  constructor(private readonly options: ChatSessionOptions) {
    this.agent = options.url.startsWith('https:')
      ? new https.Agent({ keepAlive: true })
      : new http.Agent({ keepAlive: true });
  }

  /** Checks the app answers and has the sandbox; returns the cursor after the replies sent so far. */
  async connect(): Promise<number> {
    return (await this.replies(0, 0)).cursor;
  }

  async send(text: string): Promise<void> {
    await this.deliver({ type: 'text', text: { body: text } });
  }

  /** A voice note saying `words`: the sandbox holds it as audio, then it arrives like a recorded one. */
  async sendVoiceNote(words: string): Promise<void> {
    const { status, body } = await this.request(VOICE_NOTES_PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: words }),
    });
    if (status !== 201) throw this.unexpected(status);
    const media = JSON.parse(body) as VoiceNoteMediaDto;
    await this.deliver({ type: 'audio', audio: { id: media.id, mime_type: media.mime_type, voice: true } });
  }

  private async deliver(message: Record<string, unknown>): Promise<void> {
    const { phone, name, phoneNumberId, appSecret } = this.options;
    const raw = JSON.stringify(
      inboundMessageWebhook({
        phoneNumberId,
        from: phone,
        name,
        message: { id: `wamid.${randomBytes(24).toString('base64')}`, ...message },
      }),
    );
    const { status } = await this.request(WEBHOOK_PATH, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-hub-signature-256': whatsAppSignature(raw, appSecret),
      },
      body: raw,
    });
    if (status === 401 || status === 403) {
      throw new ChatError(
        `The app refused the webhook signature (HTTP ${status}): set WHATSAPP_APP_SECRET to the app's value.`,
      );
    }
    if (status !== 200) throw this.unexpected(status);
  }

  /** Replies after `cursor`, waiting up to `waitMs` for the first one (a long poll). */
  async replies(cursor: number, waitMs: number, signal?: AbortSignal): Promise<SentMessagesResponse> {
    const query = new URLSearchParams({
      to: this.options.phone,
      after: String(cursor),
      wait: String(waitMs),
    });
    const { status, body } = await this.request(`${MESSAGES_PATH}?${query}`, { method: 'GET', signal });
    if (status === 404) {
      throw new ChatError(
        `The app at ${this.options.url} runs no WhatsApp sandbox (WHATSAPP_API_URL is set, or NODE_ENV=production), so the bot's replies cannot be shown here.`,
      );
    }
    if (status !== 200) throw this.unexpected(status);
    return JSON.parse(body) as SentMessagesResponse;
  }

  close(): void {
    this.agent.destroy();
  }

  private unexpected(status: number): ChatError {
    return new ChatError(
      status === 503
        ? `Estadía at ${this.options.url} is shutting down.`
        : `The app at ${this.options.url} answered HTTP ${status}.`,
    );
  }

  private request(
    path: string,
    init: { method: string; headers?: Record<string, string>; body?: string; signal?: AbortSignal },
  ): Promise<{ status: number; body: string }> {
    const url = new URL(`${this.options.url}${path}`);
    const transport = url.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const request = transport.request(
        url,
        { method: init.method, headers: init.headers, signal: init.signal, agent: this.agent },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
          );
          response.on('close', () => {
            if (!response.complete)
              reject(new ChatError(`Lost the connection to Estadía at ${this.options.url}.`));
          });
        },
      );
      request.on('error', (error) => {
        if (error.name === 'AbortError') reject(error);
        else {
          reject(
            new ChatError(
              `Cannot reach Estadía at ${this.options.url}: start it with \`npm start\` (or point to it with --url or PORT).`,
            ),
          );
        }
      });
      request.end(init.body);
    });
  }
}
