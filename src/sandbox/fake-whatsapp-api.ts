import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  json,
  LoopbackServer,
  recordRequest,
  type RecordedHttpRequest,
  type SimulatedFailure,
} from './loopback-server.js';

export interface RecordedRequest extends RecordedHttpRequest {
  /**
   * Order in which answers were completed (1, 2, …; survives `clearRequests`). Taken when the answer
   * is written, so everything at or below a sequence number is final: a cursor for readers.
   */
  seq?: number;
}

export type FakeFailure = SimulatedFailure & { code?: number };

interface StoredMedia {
  bytes: Buffer;
  mimeType: string;
  /** What the metadata claims, when a test wants a size it need not hold (a 17 MB voice note). */
  fileSize?: number;
}

const VERSION = 'v25.0';

/**
 * A fake of the Graph API's WhatsApp endpoints on loopback, with the reference's shapes
 * (integrations.md §2): send, media metadata, media download. It records every request and can be
 * told to fail, so tests and the embedded sandbox exercise the real client code path.
 */
export class FakeWhatsAppApi extends LoopbackServer<FakeFailure, RecordedRequest> {
  readonly requests: RecordedRequest[] = [];
  private readonly media = new Map<string, StoredMedia>();
  private sequence = 0;
  private readonly answers = new EventEmitter().setMaxListeners(0);

  constructor(private readonly accessToken?: string) {
    super();
  }

  /** Base URL including the version, as WHATSAPP_API_URL expects it. */
  get url(): string {
    return `${this.origin}/${VERSION}`;
  }

  clearRequests(): void {
    this.requests.length = 0;
  }

  /** Calls `listener` each time a request has been answered; returns the unsubscribe function. */
  onAnswered(listener: (request: RecordedRequest) => void): () => void {
    this.answers.on('answered', listener);
    return () => this.answers.off('answered', listener);
  }

  addMedia(id: string, bytes: Buffer, mimeType: string, options: { fileSize?: number } = {}): void {
    this.media.set(id, { bytes, mimeType, fileSize: options.fileSize });
  }

  /** Messages accepted (POST …/messages answered 200), in arrival order. */
  get sentMessages(): Record<string, unknown>[] {
    return this.requests
      .filter((r) => r.method === 'POST' && r.path.endsWith('/messages') && r.status === 200)
      .map((r) => r.body as Record<string, unknown>);
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const recorded: RecordedRequest = await recordRequest(req, res);
    const body = recorded.body;
    this.requests.push(recorded);
    res.on('finish', () => {
      recorded.seq = ++this.sequence;
      this.answers.emit('answered', recorded);
    });

    if (this.accessToken && req.headers.authorization !== `Bearer ${this.accessToken}`) {
      return graphError(res, 401, 190, 'Error validating access token');
    }
    const failed = this.injectFailure(recorded, res, (failure) =>
      graphError(res, failure.status, failure.code ?? (failure.status >= 500 ? 1 : 100), failure.message),
    );
    if (failed) return;

    const parts = recorded.path.split('/').filter(Boolean);
    if (req.method === 'POST' && parts.length === 3 && parts[2] === 'messages') {
      return this.sendMessage(res, body);
    }
    if (req.method === 'GET' && parts[0] === 'media-download' && parts.length === 2) {
      const media = this.media.get(parts[1]!);
      if (!media) return graphError(res, 404, 100, 'Media not found');
      res.writeHead(200, { 'content-type': media.mimeType, 'content-length': media.bytes.length });
      res.end(media.bytes);
      return;
    }
    if (req.method === 'GET' && parts.length === 2 && parts[0] === VERSION) {
      const media = this.media.get(parts[1]!);
      if (!media) return graphError(res, 400, 100, 'Unsupported get request: media does not exist');
      return json(res, 200, {
        messaging_product: 'whatsapp',
        url: `${this.origin}/media-download/${parts[1]}`,
        mime_type: media.mimeType,
        sha256: '',
        file_size: String(media.fileSize ?? media.bytes.length),
        id: parts[1],
      });
    }
    return graphError(res, 400, 100, 'Unsupported request');
  }

  private sendMessage(res: ServerResponse, body: unknown): void {
    const message = (body ?? {}) as Record<string, unknown>;
    if (
      message.messaging_product !== 'whatsapp' ||
      typeof message.to !== 'string' ||
      typeof message.type !== 'string'
    ) {
      return graphError(res, 400, 131008, 'Required parameter is missing');
    }
    const to = message.to;
    json(res, 200, {
      messaging_product: 'whatsapp',
      contacts: [{ input: to, wa_id: to.replace(/^\+/, '') }],
      messages: [{ id: `wamid.${randomBytes(18).toString('base64')}` }],
    });
  }
}

function graphError(res: ServerResponse, status: number, code: number, message = 'Simulated failure'): void {
  json(res, status, {
    error: {
      message: `(#${code}) ${message}`,
      type: 'OAuthException',
      code,
      error_data: { messaging_product: 'whatsapp', details: message },
      fbtrace_id: `Fake${randomBytes(6).toString('hex')}`,
    },
  });
}
