import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectMetric, makeCounterProvider } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';
import { maskPhone } from '../common/logging/redaction.js';
import { CircuitOpenError } from '../common/resilience/circuit-breaker.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import {
  TranscriptionApiError,
  TranscriptionNotConfiguredError,
} from '../messaging/transcription/transcription-api.error.js';
import { TranscriptionClient } from '../messaging/transcription/transcription.client.js';
import type { InboundWhatsAppMessage } from '../messaging/whatsapp/inbound-message.js';
import { MediaTooLargeError, WhatsAppApiError } from '../messaging/whatsapp/whatsapp-api.error.js';
import { WhatsAppClient } from '../messaging/whatsapp/whatsapp.client.js';

export const VOICE_NOTES = 'voice_notes_total';

export const voiceNotesProvider = makeCounterProvider({
  name: VOICE_NOTES,
  help: 'Voice notes and audio files received, by outcome: transcribed, too_large, failed, not_configured',
  labelNames: ['outcome'],
});

/** WhatsApp's own limit for audio; a longer note is refused before a single byte is downloaded. */
export const MAX_VOICE_NOTE_BYTES = 16 * 1024 * 1024;

export type VoiceNoteFailure = 'media_unavailable' | 'transcription_unavailable' | 'empty_transcript';

/** Stored with the inbox row (JSON), so it also records, for an operator, what became of the audio. */
export type VoiceNoteResult =
  | { kind: 'voice_note'; outcome: 'transcribed'; text: string }
  | { kind: 'voice_note'; outcome: 'too_large'; bytes: number | null }
  | { kind: 'voice_note'; outcome: 'failed'; reason: VoiceNoteFailure }
  | { kind: 'voice_note'; outcome: 'not_configured' };

export type AudioMessage = Extract<InboundWhatsAppMessage, { type: 'audio' }>;

export function isVoiceNoteResult(value: unknown): value is VoiceNoteResult {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { kind?: unknown }).kind === 'voice_note' &&
    typeof (value as { outcome?: unknown }).outcome === 'string'
  );
}

/** Worst case of one call with its retries: every attempt times out, every wait is the longest. */
const callBudget = (attempts: number, timeoutMs: number, maxWaitMs: number) =>
  attempts * timeoutMs + (attempts - 1) * maxWaitMs;

/** Metadata, download and transcription, each with all its retries. */
export function voiceNoteBudgetMs(config: AppConfig): number {
  const { whatsapp, transcription } = config;
  return (
    2 * callBudget(whatsapp.retry.attempts, whatsapp.timeoutMs, whatsapp.retry.maxMs) +
    callBudget(transcription.retry.attempts, transcription.timeoutMs, transcription.retry.maxMs)
  );
}

/** Failures of the outside world; anything else is a bug and is left to the inbox's retries. */
const isOutage = (error: unknown) =>
  error instanceof WhatsAppApiError ||
  error instanceof TranscriptionApiError ||
  error instanceof TranscriptionNotConfiguredError ||
  error instanceof CircuitOpenError;

/**
 * Turns a voice note into words: media metadata → size check → capped download → transcription.
 * Every way it can go is an outcome the guest gets a kind answer for, logged and counted so an
 * operator sees the notes nobody could hear.
 */
@Injectable()
export class VoiceNotes {
  private readonly logger = new Logger('VoiceNotes');

  constructor(
    private readonly whatsapp: WhatsAppClient,
    private readonly transcription: TranscriptionClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectMetric(VOICE_NOTES) private readonly counter: Counter<string>,
  ) {}

  get budgetMs(): number {
    return voiceNoteBudgetMs(this.config);
  }

  async resolve(message: AudioMessage, signal?: AbortSignal): Promise<VoiceNoteResult> {
    const started = performance.now();
    const result = await this.attempt(message, signal);
    this.counter.inc({ outcome: result.outcome });
    const line = {
      outcome: result.outcome,
      // What the guest said stays out of the logs; its length is enough to spot empty transcripts.
      ...(result.outcome === 'transcribed' ? { chars: result.text.length } : {}),
      ...(result.outcome === 'failed' ? { reason: result.reason } : {}),
      ...(result.outcome === 'too_large' ? { file_size: result.bytes } : {}),
      voice: message.voice,
      media_id: message.media.id,
      guest_phone: maskPhone(message.from),
      duration_ms: Math.round(performance.now() - started),
    };
    if (result.outcome === 'transcribed') this.logger.log(line, 'voice_note_resolved');
    else this.logger.warn(line, 'voice_note_resolved');
    return result;
  }

  private async attempt(message: AudioMessage, signal?: AbortSignal): Promise<VoiceNoteResult> {
    if (!this.transcription.configured) return { kind: 'voice_note', outcome: 'not_configured' };
    const failed = (reason: VoiceNoteFailure, error?: unknown): VoiceNoteResult => {
      signal?.throwIfAborted();
      if (error !== undefined) {
        this.logger.warn(
          { reason, media_id: message.media.id, err: { message: (error as Error).message } },
          'voice_note_step_failed',
        );
      }
      return { kind: 'voice_note', outcome: 'failed', reason };
    };

    let bytes: Buffer;
    let mimeType: string | null;
    try {
      const metadata = await this.whatsapp.getMediaMetadata(message.media.id);
      if (metadata.fileSize !== null && metadata.fileSize > MAX_VOICE_NOTE_BYTES) {
        return { kind: 'voice_note', outcome: 'too_large', bytes: metadata.fileSize };
      }
      signal?.throwIfAborted();
      const file = await this.whatsapp.downloadMedia(metadata.url, MAX_VOICE_NOTE_BYTES);
      bytes = file.bytes;
      mimeType = metadata.mimeType ?? file.mimeType ?? message.media.mimeType;
    } catch (error) {
      // The metadata said it fits, the bytes said otherwise.
      if (error instanceof MediaTooLargeError)
        return { kind: 'voice_note', outcome: 'too_large', bytes: null };
      if (isOutage(error)) return failed('media_unavailable', error);
      throw error;
    }

    let text: string;
    try {
      text = await this.transcription.transcribe({ bytes, mimeType }, { signal });
    } catch (error) {
      if (isOutage(error)) return failed('transcription_unavailable', error);
      throw error;
    }
    if (text.trim() === '') return failed('empty_transcript');
    return { kind: 'voice_note', outcome: 'transcribed', text };
  }
}
