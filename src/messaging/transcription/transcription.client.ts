import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectMetric, makeCounterProvider } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';
import { CircuitBreakerFactory } from '../../common/resilience/circuit-breaker.factory.js';
import { CircuitOpenError, type CircuitBreaker } from '../../common/resilience/circuit-breaker.js';
import { callThroughBreaker } from '../../common/resilience/call-through-breaker.js';
import { parseRetryAfter } from '../../common/resilience/retry.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { ExternalApiUrls } from '../../sandbox/external-api-urls.js';
import { TranscriptionApiError, TranscriptionNotConfiguredError } from './transcription-api.error.js';

export const TRANSCRIPTION_RETRIES = 'transcription_retries_total';

export const transcriptionRetriesProvider = makeCounterProvider({
  name: TRANSCRIPTION_RETRIES,
  help: 'Retries of transcription API calls, by the number of the attempt being made',
  labelNames: ['attempt'],
});

export interface AudioFile {
  bytes: Buffer;
  /** As WhatsApp reported it, parameters included (`audio/ogg; codecs=opus`). */
  mimeType: string | null;
}

const BREAKER_FAILURES = 5;
const BREAKER_WINDOW_MS = 60_000;
const LANGUAGE = 'es';

/**
 * The file name and type the API is told. OpenAI-compatible servers pick the decoder from the
 * extension and know `.ogg`, not WhatsApp's `.oga`; a voice note without a usable type is Ogg/Opus.
 */
const FORMATS: Record<string, { extension: string; type: string }> = {
  'audio/ogg': { extension: 'ogg', type: 'audio/ogg' },
  'audio/opus': { extension: 'ogg', type: 'audio/ogg' },
  'application/ogg': { extension: 'ogg', type: 'audio/ogg' },
  'audio/mpeg': { extension: 'mp3', type: 'audio/mpeg' },
  'audio/mp3': { extension: 'mp3', type: 'audio/mpeg' },
  'audio/mp4': { extension: 'm4a', type: 'audio/mp4' },
  'audio/x-m4a': { extension: 'm4a', type: 'audio/mp4' },
  'audio/aac': { extension: 'aac', type: 'audio/aac' },
  'audio/amr': { extension: 'amr', type: 'audio/amr' },
  'audio/wav': { extension: 'wav', type: 'audio/wav' },
  'audio/x-wav': { extension: 'wav', type: 'audio/wav' },
  'audio/webm': { extension: 'webm', type: 'audio/webm' },
  'audio/flac': { extension: 'flac', type: 'audio/flac' },
};

export function uploadFormat(mimeType: string | null): { filename: string; type: string } {
  const essence = (mimeType ?? '').split(';')[0]!.trim().toLowerCase();
  const format = FORMATS[essence] ?? FORMATS['audio/ogg']!;
  return { filename: `voice-note.${format.extension}`, type: format.type };
}

const isAbort = (error: unknown) => (error as { name?: unknown } | null)?.name === 'AbortError';

/**
 * The only way to the OpenAI-compatible transcription API (`POST {base}/audio/transcriptions`).
 * Same shape as the WhatsApp client: each HTTP call goes through the circuit breaker and the retry
 * policy wraps it, so an open circuit ends the retries at once.
 */
@Injectable()
export class TranscriptionClient {
  private readonly logger = new Logger('TranscriptionClient');
  private readonly breaker: CircuitBreaker;
  private readonly baseUrl: string | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    urls: ExternalApiUrls,
    breakers: CircuitBreakerFactory,
    @InjectMetric(TRANSCRIPTION_RETRIES) private readonly retries: Counter<string>,
  ) {
    this.baseUrl = urls.transcription;
    this.breaker = breakers.create({
      service: 'transcription',
      failureThreshold: BREAKER_FAILURES,
      windowMs: BREAKER_WINDOW_MS,
      openMs: config.transcription.breakerOpenMs,
      callTimeoutMs: config.transcription.timeoutMs + 1_000,
      // A 4xx says our request was wrong, an abort that we stopped waiting: neither is the API's health.
      isFailure: (error) => (error instanceof TranscriptionApiError ? error.retryable : !isAbort(error)),
    });
  }

  /** False in production without TRANSCRIPTION_API_URL: there is nobody to send audio to. */
  get configured(): boolean {
    return this.baseUrl !== undefined;
  }

  /** The Spanish transcript of the audio; `signal` abandons the call (and its retries) at once. */
  async transcribe(audio: AudioFile, options: { signal?: AbortSignal } = {}): Promise<string> {
    if (this.baseUrl === undefined) throw new TranscriptionNotConfiguredError();
    const url = `${this.baseUrl}/audio/transcriptions`;
    const { signal } = options;
    const { attempts, baseMs, maxMs } = this.config.transcription.retry;
    return callThroughBreaker(
      this.breaker,
      {
        service: 'transcription',
        retries: this.retries,
        logger: this.logger,
        describe,
        attempts,
        baseMs,
        maxMs,
        isRetryable: (error) => !signal?.aborted && error instanceof TranscriptionApiError && error.retryable,
        retryAfterMs: (error) =>
          error instanceof TranscriptionApiError ? error.details.retryAfterMs : undefined,
        sleep: (ms) => abortableSleep(ms, signal),
      },
      () => this.attempt(url, audio, signal),
    );
  }

  private async attempt(url: string, audio: AudioFile, signal: AbortSignal | undefined): Promise<string> {
    signal?.throwIfAborted();
    const { filename, type } = uploadFormat(audio.mimeType);
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(audio.bytes)], { type }), filename);
    form.append('model', this.config.transcription.model);
    form.append('language', LANGUAGE);
    form.append('response_format', 'json');
    const apiKey = this.config.transcription.apiKey;
    const timeout = AbortSignal.timeout(this.config.transcription.timeoutMs);
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {},
        body: form,
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      const timedOut = (error as Error).name === 'TimeoutError';
      throw new TranscriptionApiError(
        timedOut ? 'transcription call timed out' : 'transcription call failed on the network',
        { status: null, type: null, retryable: true },
      );
    }
    const text = await response.text().catch(() => '');
    let parsed: { text?: unknown; error?: { message?: unknown; type?: unknown } } = {};
    try {
      parsed = JSON.parse(text) as typeof parsed;
    } catch {
      // Not the API's JSON (a proxy's HTML page): the status alone decides.
    }
    if (response.ok) {
      if (typeof parsed.text !== 'string') {
        throw new TranscriptionApiError('transcription answered without text', {
          status: response.status,
          type: null,
          retryable: false,
        });
      }
      return parsed.text.trim();
    }
    const message = typeof parsed.error?.message === 'string' ? `: ${parsed.error.message}` : '';
    throw new TranscriptionApiError(`transcription answered ${response.status}${message}`, {
      status: response.status,
      type: typeof parsed.error?.type === 'string' ? parsed.error.type : null,
      retryable: response.status >= 500 || response.status === 429,
      retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
    });
  }
}

function abortableSleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    // Waking early is enough: the next attempt sees the aborted signal and gives up.
    signal?.addEventListener('abort', done, { once: true });
  });
}

function describe(error: unknown): Record<string, unknown> {
  if (error instanceof TranscriptionApiError) {
    return { message: error.message, status: error.details.status, type: error.details.type };
  }
  if (error instanceof CircuitOpenError) return { message: error.message };
  return { message: (error as Error).message };
}
