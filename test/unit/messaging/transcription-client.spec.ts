import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { CircuitBreakerFactory } from '../../../src/common/resilience/circuit-breaker.factory.js';
import { CircuitOpenError } from '../../../src/common/resilience/circuit-breaker.js';
import { loadConfig } from '../../../src/config/app-config.js';
import {
  TranscriptionApiError,
  TranscriptionNotConfiguredError,
} from '../../../src/messaging/transcription/transcription-api.error.js';
import {
  TranscriptionClient,
  uploadFormat,
} from '../../../src/messaging/transcription/transcription.client.js';
import { DEFAULT_TRANSCRIPT, FakeTranscriptionApi } from '../../../src/sandbox/fake-transcription-api.js';

const API_KEY = 'sk-test-transcription';
const OGG = Buffer.from([0x4f, 0x67, 0x67, 0x53, 0x00, 0x02, 0xff, 0xfe, 0x01]);

describe('TranscriptionClient against the fake transcription API', () => {
  let fake: FakeTranscriptionApi;
  let url: string;
  let breakers: CircuitBreakerFactory;
  let retries: Counter<string>;

  const config = (env: Record<string, string> = {}) =>
    loadConfig({
      NODE_ENV: 'test',
      TRANSCRIPTION_API_KEY: API_KEY,
      TRANSCRIPTION_MODEL: 'whisper-1',
      TRANSCRIPTION_TIMEOUT_MS: '300',
      WHATSAPP_RETRY_BASE_MS: '20',
      WHATSAPP_RETRY_MAX_MS: '60',
      CIRCUIT_BREAKER_OPEN_MS: '60000',
      ...env,
    });
  const client = (env: Record<string, string> = {}, base: string | null = url) =>
    new TranscriptionClient(
      config(env),
      { whatsapp: 'http://127.0.0.1:9', transcription: base ?? undefined, mercadopago: '' },
      breakers,
      retries,
    );
  const retriesAt = async (attempt: string) =>
    (await retries.get()).values.find((v) => v.labels.attempt === attempt)?.value ?? 0;

  beforeAll(async () => {
    fake = new FakeTranscriptionApi({ apiKey: API_KEY });
    url = await fake.start();
  });
  afterAll(async () => {
    await fake.stop();
  });
  beforeEach(() => {
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    fake.reset();
    fake.clearRequests();
    // Fresh breakers and counters per test, outside the global registry.
    breakers = new CircuitBreakerFactory(
      new Gauge({ name: 'circuit_breaker_state', help: 'test', labelNames: ['service'], registers: [] }),
    );
    retries = new Counter({
      name: 'transcription_retries_total',
      help: 'test',
      labelNames: ['attempt'],
      registers: [],
    });
  });
  afterEach(() => {
    breakers.onApplicationShutdown();
    jest.restoreAllMocks();
  });

  it('posts the audio as multipart with the model, Spanish and an .ogg name for WhatsApp voice notes', async () => {
    const spoken = Buffer.concat([OGG, Buffer.from([0x07])]);
    fake.setTranscript(spoken, 'quiero reservar la cabaña del lago');
    const text = await client().transcribe({ bytes: spoken, mimeType: 'audio/ogg; codecs=opus' });
    expect(text).toBe('quiero reservar la cabaña del lago');
    const [request] = fake.requests;
    expect(request).toMatchObject({ method: 'POST', path: '/v1/audio/transcriptions', status: 200 });
    expect(request!.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(String(request!.headers['content-type'])).toMatch(/^multipart\/form-data; boundary=/);
    expect(request!.fields).toMatchObject({ model: 'whisper-1', language: 'es' });
    expect(request!.file).toMatchObject({ name: 'voice-note.ogg', type: 'audio/ogg' });
    expect(request!.file!.bytes.equals(spoken)).toBe(true);
  });

  it('names the file after the audio type, defaulting to Ogg', () => {
    expect(uploadFormat('audio/ogg; codecs=opus')).toEqual({ filename: 'voice-note.ogg', type: 'audio/ogg' });
    expect(uploadFormat('AUDIO/MPEG')).toEqual({ filename: 'voice-note.mp3', type: 'audio/mpeg' });
    expect(uploadFormat('audio/mp4')).toEqual({ filename: 'voice-note.m4a', type: 'audio/mp4' });
    expect(uploadFormat(null)).toEqual({ filename: 'voice-note.ogg', type: 'audio/ogg' });
    expect(uploadFormat('application/x-unknown')).toEqual({ filename: 'voice-note.ogg', type: 'audio/ogg' });
  });

  it('the fake hears printable text as itself and anything else as a fixed phrase', async () => {
    const c = client();
    await expect(
      c.transcribe({ bytes: Buffer.from('  hola, ¿tenés lugar?\n'), mimeType: null }),
    ).resolves.toBe('hola, ¿tenés lugar?');
    await expect(c.transcribe({ bytes: OGG, mimeType: 'audio/ogg' })).resolves.toBe(DEFAULT_TRANSCRIPT);
  });

  it('sends no Authorization header when no key is configured', async () => {
    const open = new FakeTranscriptionApi();
    const base = await open.start();
    try {
      await client({ TRANSCRIPTION_API_KEY: '' }, base).transcribe({
        bytes: Buffer.from('hola'),
        mimeType: null,
      });
      expect(open.requests[0]!.headers.authorization).toBeUndefined();
    } finally {
      await open.stop();
    }
  });

  it.each([
    ['a 500', { kind: 'status', status: 500 } as const],
    ['a timeout', { kind: 'timeout' } as const],
  ])('retries %s 3 times in all, counting the retries, then fails retryable', async (_name, failure) => {
    fake.fail(failure);
    const error = await client()
      .transcribe({ bytes: OGG, mimeType: 'audio/ogg' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TranscriptionApiError);
    expect((error as TranscriptionApiError).retryable).toBe(true);
    expect(fake.requests).toHaveLength(3);
    expect(await retriesAt('2')).toBe(1);
    expect(await retriesAt('3')).toBe(1);
  });

  it('recovers when the API comes back between attempts, and retries a 429', async () => {
    fake.fail({ kind: 'status', status: 503 }, 1);
    await expect(client().transcribe({ bytes: Buffer.from('uno'), mimeType: null })).resolves.toBe('uno');
    fake.fail({ kind: 'status', status: 429, retryAfterSeconds: 0 }, 1);
    await expect(client().transcribe({ bytes: Buffer.from('dos'), mimeType: null })).resolves.toBe('dos');
    expect(fake.requests.map((r) => r.status)).toEqual([503, 200, 429, 200]);
  });

  it('does not retry a 400 or a rejected key, and they do not count against the API', async () => {
    fake.fail({ kind: 'status', status: 400, message: 'Invalid file format' });
    const c = client();
    for (let i = 0; i < 6; i++) {
      const error = await c.transcribe({ bytes: OGG, mimeType: 'audio/ogg' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TranscriptionApiError);
      expect((error as TranscriptionApiError).details).toMatchObject({
        status: 400,
        type: 'invalid_request_error',
        retryable: false,
      });
    }
    // Six bad requests later the circuit is still closed.
    expect(fake.requests).toHaveLength(6);
    fake.reset();
    const wrongKey = await client({ TRANSCRIPTION_API_KEY: 'sk-wrong' })
      .transcribe({ bytes: OGG, mimeType: 'audio/ogg' })
      .catch((e: unknown) => e);
    expect((wrongKey as TranscriptionApiError).details.status).toBe(401);
    expect(fake.requests).toHaveLength(7);
  });

  it('opens the circuit after repeated failures and then fails fast without calling', async () => {
    fake.fail({ kind: 'status', status: 500 });
    const c = client();
    await expect(c.transcribe({ bytes: OGG, mimeType: 'audio/ogg' })).rejects.toBeInstanceOf(
      TranscriptionApiError,
    );
    await expect(c.transcribe({ bytes: OGG, mimeType: 'audio/ogg' })).rejects.toBeInstanceOf(
      CircuitOpenError,
    );
    const seen = fake.requests.length;
    await expect(c.transcribe({ bytes: OGG, mimeType: 'audio/ogg' })).rejects.toBeInstanceOf(
      CircuitOpenError,
    );
    expect(fake.requests).toHaveLength(seen);
  });

  it('gives up at once when the caller aborts', async () => {
    fake.fail({ kind: 'timeout' });
    const controller = new AbortController();
    const pending = client({ TRANSCRIPTION_TIMEOUT_MS: '60000' }).transcribe(
      { bytes: OGG, mimeType: 'audio/ogg' },
      { signal: controller.signal },
    );
    await new Promise<void>((resolve) => {
      const check = () => (fake.requests.length > 0 ? resolve() : setTimeout(check, 5));
      check();
    });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(fake.requests).toHaveLength(1);
  });

  it('without a configured API it says so and calls nothing', async () => {
    const c = client({}, null);
    expect(c.configured).toBe(false);
    await expect(c.transcribe({ bytes: OGG, mimeType: 'audio/ogg' })).rejects.toBeInstanceOf(
      TranscriptionNotConfiguredError,
    );
    expect(fake.requests).toHaveLength(0);
  });

  it('the fake rejects a request without model, language or file like the real API', async () => {
    const post = async (fields: Record<string, string>, file = true) => {
      const form = new FormData();
      if (file) form.append('file', new Blob([OGG], { type: 'audio/ogg' }), 'a.ogg');
      for (const [k, v] of Object.entries(fields)) form.append(k, v);
      const res = await fetch(`${url}/audio/transcriptions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${API_KEY}` },
        body: form,
      });
      return {
        status: res.status,
        body: (await res.json()) as { error?: { type?: string; message?: string } },
      };
    };
    expect(await post({ language: 'es' })).toMatchObject({
      status: 400,
      body: { error: { type: 'invalid_request_error', message: expect.stringContaining('model') } },
    });
    expect((await post({ model: 'whisper-1' })).status).toBe(400);
    expect((await post({ model: 'whisper-1', language: 'es' }, false)).status).toBe(400);
    expect((await post({ model: 'whisper-1', language: 'es' })).status).toBe(200);
    const notMultipart = await fetch(`${url}/audio/transcriptions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(notMultipart.status).toBe(400);
  });
});
