import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { CircuitBreakerFactory } from '../../../src/common/resilience/circuit-breaker.factory.js';
import { loadConfig, type AppConfig } from '../../../src/config/app-config.js';
import {
  MAX_VOICE_NOTE_BYTES,
  VoiceNotes,
  voiceNoteBudgetMs,
  type AudioMessage,
} from '../../../src/conversation/voice-notes.js';
import { TranscriptionClient } from '../../../src/messaging/transcription/transcription.client.js';
import { WhatsAppClient } from '../../../src/messaging/whatsapp/whatsapp.client.js';
import { FakeTranscriptionApi } from '../../../src/sandbox/fake-transcription-api.js';
import { FakeWhatsAppApi } from '../../../src/sandbox/fake-whatsapp-api.js';

const SENTENCE = 'quiero reservar la cabaña del lago del 10 al 12 de marzo de 2031 para 2';

describe('VoiceNotes: from a WhatsApp audio to words, or to a reason why not', () => {
  let graph: FakeWhatsAppApi;
  let speech: FakeTranscriptionApi;
  let config: AppConfig;
  let breakers: CircuitBreakerFactory;
  let outcomes: Counter<string>;
  let logs: { level: string; fields: Record<string, unknown>; event: string }[];

  beforeAll(async () => {
    graph = new FakeWhatsAppApi('sandbox-access-token');
    speech = new FakeTranscriptionApi();
    await Promise.all([graph.start(), speech.start()]);
    config = loadConfig({
      NODE_ENV: 'test',
      WHATSAPP_TIMEOUT_MS: '500',
      TRANSCRIPTION_TIMEOUT_MS: '500',
      WHATSAPP_RETRY_BASE_MS: '10',
      WHATSAPP_RETRY_MAX_MS: '30',
    });
  });
  afterAll(async () => {
    await Promise.all([graph.stop(), speech.stop()]);
  });
  beforeEach(() => {
    logs = [];
    for (const level of ['log', 'warn'] as const) {
      jest.spyOn(Logger.prototype, level).mockImplementation((fields: unknown, event?: unknown) => {
        logs.push({ level, fields: fields as Record<string, unknown>, event: event as string });
      });
    }
    for (const fake of [graph, speech]) {
      fake.reset();
      fake.clearRequests();
    }
    breakers = new CircuitBreakerFactory(
      new Gauge({ name: 'circuit_breaker_state', help: 'test', labelNames: ['service'], registers: [] }),
    );
    outcomes = new Counter({
      name: 'voice_notes_total',
      help: 'test',
      labelNames: ['outcome'],
      registers: [],
    });
  });
  afterEach(() => {
    breakers.onApplicationShutdown();
    jest.restoreAllMocks();
  });
  const resolved = () => logs.filter((l) => l.event === 'voice_note_resolved');

  const voiceNotes = (configured = true) => {
    const retries = () =>
      new Counter({ name: 'retries', help: 'test', labelNames: ['attempt'], registers: [] });
    const urls = { whatsapp: graph.url, transcription: configured ? speech.url : undefined, mercadopago: '' };
    return new VoiceNotes(
      new WhatsAppClient(config, urls, breakers, retries()),
      new TranscriptionClient(config, urls, breakers, retries()),
      config,
      outcomes,
    );
  };
  const note = (mediaId: string, voice = true): AudioMessage => ({
    type: 'audio',
    id: `wamid.${mediaId}`,
    from: '5491155550123',
    userId: null,
    contactName: null,
    timestamp: new Date(),
    phoneNumberId: config.whatsapp.phoneNumberId,
    context: null,
    media: { id: mediaId, mimeType: 'audio/ogg; codecs=opus', sha256: null, url: null },
    voice,
  });
  const downloads = () => graph.requests.filter((r) => r.path.startsWith('/media-download/'));
  const counted = async (outcome: string) =>
    (await outcomes.get()).values.find((v) => v.labels.outcome === outcome)?.value ?? 0;

  it('transcribes a voice note: metadata, capped download, then the API with the bytes', async () => {
    graph.addMedia('m-ok', Buffer.from(SENTENCE), 'audio/ogg; codecs=opus');
    expect(await voiceNotes().resolve(note('m-ok'))).toEqual({
      kind: 'voice_note',
      outcome: 'transcribed',
      text: SENTENCE,
    });
    expect(graph.requests.map((r) => r.path)).toEqual(['/v25.0/m-ok', '/media-download/m-ok']);
    expect(speech.requests[0]!.file).toMatchObject({ name: 'voice-note.ogg', type: 'audio/ogg' });
    expect(await counted('transcribed')).toBe(1);
    // What the guest said stays out of the logs.
    expect(resolved()).toEqual([
      {
        level: 'log',
        event: 'voice_note_resolved',
        fields: expect.objectContaining({
          outcome: 'transcribed',
          chars: SENTENCE.length,
          guest_phone: '54********123',
        }),
      },
    ]);
    expect(JSON.stringify(logs)).not.toContain('cabaña');
  });

  it('an audio file (not recorded as a voice note) goes the same way', async () => {
    graph.addMedia('m-file', Buffer.from('hola'), 'audio/mpeg');
    expect(await voiceNotes().resolve(note('m-file', false))).toMatchObject({
      outcome: 'transcribed',
      text: 'hola',
    });
    expect(speech.requests[0]!.file!.name).toBe('voice-note.mp3');
  });

  it('refuses a note over 16 MB from its metadata, without downloading it', async () => {
    graph.addMedia('m-big', Buffer.from('x'), 'audio/ogg', { fileSize: 17 * 1024 * 1024 });
    expect(await voiceNotes().resolve(note('m-big'))).toEqual({
      kind: 'voice_note',
      outcome: 'too_large',
      bytes: 17 * 1024 * 1024,
    });
    expect(downloads()).toHaveLength(0);
    expect(speech.requests).toHaveLength(0);
    expect(await counted('too_large')).toBe(1);
  });

  it('stops a download that turns out bigger than its metadata said', async () => {
    graph.addMedia('m-liar', Buffer.alloc(MAX_VOICE_NOTE_BYTES + 1), 'audio/ogg', { fileSize: 1000 });
    expect(await voiceNotes().resolve(note('m-liar'))).toMatchObject({ outcome: 'too_large', bytes: null });
    expect(speech.requests).toHaveLength(0);
  });

  it('media that cannot be fetched is a failure the guest hears about', async () => {
    expect(await voiceNotes().resolve(note('m-unknown'))).toEqual({
      kind: 'voice_note',
      outcome: 'failed',
      reason: 'media_unavailable',
    });
    expect(await counted('failed')).toBe(1);
  });

  it('transcription down after its retries, or its circuit open, is a failure too', async () => {
    graph.addMedia('m-down', Buffer.from('hola'), 'audio/ogg');
    speech.fail({ kind: 'status', status: 500 });
    const notes = voiceNotes();
    expect(await notes.resolve(note('m-down'))).toMatchObject({
      outcome: 'failed',
      reason: 'transcription_unavailable',
    });
    expect(speech.requests).toHaveLength(3);
    // Two more notes: the circuit opens and the last one does not reach the API at all.
    await notes.resolve(note('m-down'));
    const seen = speech.requests.length;
    expect(await notes.resolve(note('m-down'))).toMatchObject({ reason: 'transcription_unavailable' });
    expect(speech.requests).toHaveLength(seen);
    expect(await counted('failed')).toBe(3);
    expect(resolved().map((l) => [l.level, l.fields.outcome, l.fields.reason])).toEqual(
      Array(3).fill(['warn', 'failed', 'transcription_unavailable']),
    );
  });

  it('an empty transcript (silence) asks the guest to write', async () => {
    const silence = Buffer.from([0x4f, 0x67, 0x67, 0x53, 0x00, 0x00]);
    speech.setTranscript(silence, '   ');
    graph.addMedia('m-silence', silence, 'audio/ogg');
    expect(await voiceNotes().resolve(note('m-silence'))).toMatchObject({
      outcome: 'failed',
      reason: 'empty_transcript',
    });
  });

  it('without transcription configured nothing is fetched at all', async () => {
    graph.addMedia('m-off', Buffer.from('hola'), 'audio/ogg');
    expect(await voiceNotes(false).resolve(note('m-off'))).toEqual({
      kind: 'voice_note',
      outcome: 'not_configured',
    });
    expect(graph.requests).toHaveLength(0);
    expect(await counted('not_configured')).toBe(1);
  });

  it('an abort is not an outcome: it propagates so the inbox can hand the row back', async () => {
    graph.addMedia('m-abort', Buffer.from('hola'), 'audio/ogg');
    speech.pause();
    const controller = new AbortController();
    const pending = voiceNotes().resolve(note('m-abort'), controller.signal);
    await new Promise<void>((resolve) => {
      const check = () => (speech.requests.length > 0 ? resolve() : setTimeout(check, 5));
      check();
    });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect((await outcomes.get()).values).toEqual([]);
  });

  it('budgets every retry and timeout of the three calls', () => {
    // 2 WhatsApp calls × (3 × 500 + 2 × 30) + transcription (3 × 500 + 2 × 30)
    expect(voiceNoteBudgetMs(config)).toBe(3 * (3 * 500 + 2 * 30));
    expect(voiceNotes().budgetMs).toBe(voiceNoteBudgetMs(config));
  });
});
