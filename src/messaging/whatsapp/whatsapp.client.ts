import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectMetric, makeCounterProvider } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';
import { CircuitBreakerFactory } from '../../common/resilience/circuit-breaker.factory.js';
import { CircuitOpenError, type CircuitBreaker } from '../../common/resilience/circuit-breaker.js';
import { callThroughBreaker } from '../../common/resilience/call-through-breaker.js';
import { parseRetryAfter } from '../../common/resilience/retry.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { ExternalApiUrls } from '../../sandbox/external-api-urls.js';
import { classifyHttpFailure, MediaTooLargeError, WhatsAppApiError } from './whatsapp-api.error.js';

export const WHATSAPP_SEND_RETRIES = 'whatsapp_send_retries_total';

export const whatsappSendRetriesProvider = makeCounterProvider({
  name: WHATSAPP_SEND_RETRIES,
  help: 'Retries of WhatsApp Cloud API calls, by the number of the attempt being made',
  labelNames: ['attempt'],
});

export interface SentMessage {
  /** wamid, matched later by status webhooks. */
  messageId: string;
}

export interface MediaMetadata {
  id: string;
  url: string;
  mimeType: string | null;
  sha256: string | null;
  fileSize: number | null;
}

export interface DownloadedMedia {
  bytes: Buffer;
  mimeType: string | null;
}

const BREAKER_FAILURES = 5;
const BREAKER_WINDOW_MS = 60_000;

/**
 * The only way to the WhatsApp Cloud API. Each HTTP call goes through the circuit breaker; the retry
 * policy wraps it, so an open circuit ends the retries at once (nothing reaches the API).
 */
@Injectable()
export class WhatsAppClient {
  private readonly logger = new Logger('WhatsAppClient');
  private readonly breaker: CircuitBreaker;
  private readonly baseUrl: string;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    urls: ExternalApiUrls,
    breakers: CircuitBreakerFactory,
    @InjectMetric(WHATSAPP_SEND_RETRIES) private readonly retries: Counter<string>,
  ) {
    this.baseUrl = urls.whatsapp;
    this.breaker = breakers.create({
      service: 'whatsapp',
      failureThreshold: BREAKER_FAILURES,
      windowMs: BREAKER_WINDOW_MS,
      openMs: config.whatsapp.breakerOpenMs,
      callTimeoutMs: config.whatsapp.timeoutMs + 1_000,
      // A 4xx means the API is up and our request was wrong: no reason to stop talking to it.
      isFailure: (error) => !(error instanceof WhatsAppApiError) || error.retryable,
    });
  }

  sendText(to: string, body: string, options: { previewUrl?: boolean } = {}): Promise<SentMessage> {
    return this.send(to, {
      type: 'text',
      text: { body, ...(options.previewUrl ? { preview_url: true } : {}) },
    });
  }

  sendImage(to: string, link: string, caption?: string): Promise<SentMessage> {
    return this.send(to, { type: 'image', image: { link, ...(caption ? { caption } : {}) } });
  }

  async getMediaMetadata(mediaId: string): Promise<MediaMetadata> {
    const phoneNumberId = encodeURIComponent(this.config.whatsapp.phoneNumberId);
    const response = await this.call(
      'GET',
      `${this.baseUrl}/${encodeURIComponent(mediaId)}?phone_number_id=${phoneNumberId}`,
    );
    const json = (await response.json()) as Record<string, unknown>;
    if (typeof json.url !== 'string') {
      throw new WhatsAppApiError('media metadata without url', { status: 200, code: null, retryable: false });
    }
    // Documented as a string placeholder; seen as a number too.
    const size = Number(json.file_size);
    return {
      id: String(json.id ?? mediaId),
      url: json.url,
      mimeType: typeof json.mime_type === 'string' ? json.mime_type : null,
      sha256: typeof json.sha256 === 'string' ? json.sha256 : null,
      fileSize: Number.isFinite(size) && json.file_size !== undefined ? size : null,
    };
  }

  /** Streams the file and gives up as soon as it passes `maxBytes`, whatever Content-Length claimed. */
  async downloadMedia(url: string, maxBytes: number): Promise<DownloadedMedia> {
    const response = await this.call('GET', url);
    const declared = Number(response.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > maxBytes) {
      await response.body?.cancel();
      throw new MediaTooLargeError(maxBytes);
    }
    const chunks: Buffer[] = [];
    let total = 0;
    if (response.body) {
      for await (const chunk of response.body) {
        total += chunk.byteLength;
        if (total > maxBytes) {
          // Leaving the loop early cancels the stream.
          throw new MediaTooLargeError(maxBytes);
        }
        chunks.push(Buffer.from(chunk));
      }
    }
    return { bytes: Buffer.concat(chunks), mimeType: response.headers.get('content-type') };
  }

  /**
   * International form with "+". Argentine mobiles arrive as 549 + area + number; a test number's
   * allow-list may only accept them without the 9 (error 131030), so that is a switch on the send path
   * alone: the guest's identity stays exactly as Meta sent it.
   */
  private recipient(to: string): string {
    const digits = to.startsWith('+') ? to.slice(1) : to;
    const sendable = this.config.whatsapp.arSendWithout9 ? digits.replace(/^549(\d{10})$/, '54$1') : digits;
    return `+${sendable}`;
  }

  private async send(to: string, content: Record<string, unknown>): Promise<SentMessage> {
    const phoneNumberId = encodeURIComponent(this.config.whatsapp.phoneNumberId);
    const response = await this.call('POST', `${this.baseUrl}/${phoneNumberId}/messages`, {
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: this.recipient(to),
      ...content,
    });
    const json = (await response.json()) as { messages?: { id?: unknown }[] };
    const messageId = json.messages?.[0]?.id;
    if (typeof messageId !== 'string') {
      throw new WhatsAppApiError('send answered without a message id', {
        status: response.status,
        code: null,
        retryable: false,
      });
    }
    return { messageId };
  }

  private call(method: 'GET' | 'POST', url: string, body?: unknown): Promise<Response> {
    const { attempts, baseMs, maxMs } = this.config.whatsapp.retry;
    return callThroughBreaker(
      this.breaker,
      {
        service: 'whatsapp',
        retries: this.retries,
        logger: this.logger,
        describe,
        attempts,
        baseMs,
        maxMs,
        isRetryable: (error) => error instanceof WhatsAppApiError && error.retryable,
        retryAfterMs: (error) => (error instanceof WhatsAppApiError ? error.details.retryAfterMs : undefined),
      },
      () => this.attempt(method, url, body),
    );
  }

  private async attempt(method: 'GET' | 'POST', url: string, body?: unknown): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${this.config.whatsapp.accessToken}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.config.whatsapp.timeoutMs),
      });
    } catch (error) {
      const timeout = (error as Error).name === 'TimeoutError';
      throw new WhatsAppApiError(
        timeout ? 'whatsapp call timed out' : 'whatsapp call failed on the network',
        {
          status: null,
          code: null,
          retryable: true,
        },
      );
    }
    if (response.ok) return response;
    const text = await response.text().catch(() => '');
    let code: number | null = null;
    let fbtraceId: string | undefined;
    let message = `whatsapp answered ${response.status}`;
    try {
      const parsed = JSON.parse(text) as {
        error?: { code?: unknown; message?: unknown; fbtrace_id?: unknown };
      };
      if (typeof parsed.error?.code === 'number') code = parsed.error.code;
      if (typeof parsed.error?.fbtrace_id === 'string') fbtraceId = parsed.error.fbtrace_id;
      if (typeof parsed.error?.message === 'string') message = `${message}: ${parsed.error.message}`;
    } catch {
      // Not Graph's JSON (a proxy's HTML page): the status alone decides.
    }
    throw new WhatsAppApiError(message, {
      status: response.status,
      code,
      ...classifyHttpFailure(response.status, code),
      retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
      fbtraceId,
    });
  }
}

function describe(error: unknown): Record<string, unknown> {
  if (error instanceof WhatsAppApiError) {
    return {
      message: error.message,
      status: error.details.status,
      code: error.details.code,
      fbtrace_id: error.details.fbtraceId,
    };
  }
  if (error instanceof CircuitOpenError) return { message: error.message };
  return { message: (error as Error).message };
}
