import { getToken } from '@willsoto/nestjs-prometheus';
import { CircuitBreakerFactory } from '../../../src/common/resilience/circuit-breaker.factory.js';
import { CircuitOpenError } from '../../../src/common/resilience/circuit-breaker.js';
import { MediaTooLargeError, WhatsAppApiError } from '../../../src/messaging/whatsapp/whatsapp-api.error.js';
import { WHATSAPP_SEND_RETRIES, WhatsAppClient } from '../../../src/messaging/whatsapp/whatsapp.client.js';
import { FakeWhatsAppApi } from '../../../src/sandbox/fake-whatsapp-api.js';
import { metricValue } from '../../support/metrics.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { eventually } from '../../support/whatsapp-webhooks.js';

const OPEN_MS = 400;

describe('WhatsAppClient against the fake Graph API', () => {
  let fake: FakeWhatsAppApi;
  let t: TestApp;
  let client: WhatsAppClient;

  beforeAll(async () => {
    fake = new FakeWhatsAppApi('sandbox-access-token');
    await fake.start();
    t = await startTestApp({
      env: {
        WHATSAPP_API_URL: fake.url,
        WORKERS_ENABLED: 'false',
        WHATSAPP_TIMEOUT_MS: '200',
        WHATSAPP_RETRY_BASE_MS: '40',
        WHATSAPP_RETRY_MAX_MS: '150',
        CIRCUIT_BREAKER_OPEN_MS: String(OPEN_MS),
      },
    });
  });
  afterAll(async () => {
    await t.close();
    await fake.stop();
  });
  beforeEach(() => {
    fake.reset();
    fake.clearRequests();
    // A fresh breaker per test: each test starts closed.
    client = new WhatsAppClient(
      t.config,
      { whatsapp: fake.url, transcription: undefined, mercadopago: '' },
      t.app.get(CircuitBreakerFactory),
      t.app.get(getToken(WHATSAPP_SEND_RETRIES)),
    );
  });

  it('sends a text in the reference shape with the bearer token and returns the wamid', async () => {
    const sent = await client.sendText('5491155550123', '¡Hola!');
    expect(sent.messageId).toMatch(/^wamid\./);
    const [request] = fake.requests;
    expect(request).toMatchObject({
      method: 'POST',
      path: `/v25.0/${t.config.whatsapp.phoneNumberId}/messages`,
    });
    expect(request!.headers.authorization).toBe('Bearer sandbox-access-token');
    expect(request!.body).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '+5491155550123',
      type: 'text',
      text: { body: '¡Hola!' },
    });
  });

  it('drops the 9 of Argentine mobiles on the send path only when told to', async () => {
    const without9 = new WhatsAppClient(
      { ...t.config, whatsapp: { ...t.config.whatsapp, arSendWithout9: true } },
      { whatsapp: fake.url, transcription: undefined, mercadopago: '' },
      t.app.get(CircuitBreakerFactory),
      t.app.get(getToken(WHATSAPP_SEND_RETRIES)),
    );
    await without9.sendText('5491155550123', 'a');
    await without9.sendText('+5492944123456', 'b');
    // Not an Argentine mobile: sent as it is.
    await without9.sendText('5511987654321', 'c');
    await client.sendText('5491155550123', 'd');
    expect(fake.sentMessages.map((m) => m.to)).toEqual([
      '+541155550123',
      '+542944123456',
      '+5511987654321',
      '+5491155550123',
    ]);
  });

  it('sends an image by link with its caption', async () => {
    await client.sendImage('5491155550123', 'https://cdn.example.com/deck.jpg', 'El deck');
    expect(fake.sentMessages[0]).toMatchObject({
      type: 'image',
      image: { link: 'https://cdn.example.com/deck.jpg', caption: 'El deck' },
    });
  });

  it('fetches media metadata and downloads the file, refusing one over the cap', async () => {
    const bytes = Buffer.from('OggS fake voice note bytes');
    fake.addMedia('1908647269898587', bytes, 'audio/ogg; codecs=opus');
    const meta = await client.getMediaMetadata('1908647269898587');
    expect(meta).toMatchObject({
      id: '1908647269898587',
      mimeType: 'audio/ogg; codecs=opus',
      fileSize: bytes.length,
    });
    expect(fake.requests[0]!.path).toBe('/v25.0/1908647269898587');
    const file = await client.downloadMedia(meta.url, 1024);
    expect(file.bytes.equals(bytes)).toBe(true);
    expect(file.mimeType).toBe('audio/ogg; codecs=opus');
    expect(fake.requests[1]!.headers.authorization).toBe('Bearer sandbox-access-token');
    await expect(client.downloadMedia(meta.url, 10)).rejects.toBeInstanceOf(MediaTooLargeError);
  });

  it.each([
    ['a 500', { kind: 'status', status: 500 } as const],
    ['a timeout', { kind: 'timeout' } as const],
  ])('retries %s 3 times in all, counting the retries, then fails retryable', async (_name, failure) => {
    const before2 = await metricValue(t, 'whatsapp_send_retries_total', { attempt: '2' });
    const before3 = await metricValue(t, 'whatsapp_send_retries_total', { attempt: '3' });
    fake.fail(failure);
    const error = await client.sendText('5491155550123', 'hola').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WhatsAppApiError);
    expect((error as WhatsAppApiError).retryable).toBe(true);
    expect(fake.requests).toHaveLength(3);
    expect((await metricValue(t, 'whatsapp_send_retries_total', { attempt: '2' })) - before2).toBe(1);
    expect((await metricValue(t, 'whatsapp_send_retries_total', { attempt: '3' })) - before3).toBe(1);
  });

  it('recovers when the API comes back between attempts', async () => {
    fake.fail({ kind: 'status', status: 503 }, 2);
    await expect(client.sendText('5491155550123', 'hola')).resolves.toMatchObject({
      messageId: expect.any(String),
    });
    expect(fake.requests).toHaveLength(3);
  });

  it('retries a 429 with Retry-After', async () => {
    fake.fail({ kind: 'status', status: 429, code: 130429, retryAfterSeconds: 0 }, 1);
    await expect(client.sendText('5491155550123', 'hola')).resolves.toBeDefined();
    expect(fake.requests).toHaveLength(2);
  });

  it.each([
    ['a 400 (bad parameter)', { kind: 'status', status: 400, code: 100 } as const, 100],
    ['131047 (outside the 24-hour window)', { kind: 'status', status: 400, code: 131047 } as const, 131047],
    ['131026 (undeliverable) even on a 5xx', { kind: 'status', status: 502, code: 131026 } as const, 131026],
  ])('does not retry %s', async (_name, failure, code) => {
    fake.fail(failure);
    const error = (await client
      .sendText('5491155550123', 'hola')
      .catch((e: unknown) => e)) as WhatsAppApiError;
    expect(error).toBeInstanceOf(WhatsAppApiError);
    expect(error.retryable).toBe(false);
    expect(error.details.code).toBe(code);
    expect(fake.requests).toHaveLength(1);
  });

  it('opens the breaker after 5 failed calls, fails fast while open, and closes after a successful probe', async () => {
    fake.fail({ kind: 'status', status: 500 });
    await expect(client.sendText('5491155550123', 'uno')).rejects.toBeInstanceOf(WhatsAppApiError);
    expect(fake.requests).toHaveLength(3);
    // Failures 4 and 5 open it; the third attempt of this send is refused before leaving the process.
    await expect(client.sendText('5491155550123', 'dos')).rejects.toBeInstanceOf(CircuitOpenError);
    expect(fake.requests).toHaveLength(5);
    expect(await metricValue(t, 'circuit_breaker_state', { service: 'whatsapp' })).toBe(1);

    await expect(client.sendText('5491155550123', 'tres')).rejects.toBeInstanceOf(CircuitOpenError);
    expect(fake.requests).toHaveLength(5);

    fake.reset();
    await eventually(
      async () => (await metricValue(t, 'circuit_breaker_state', { service: 'whatsapp' })) === 2,
      5_000,
    );
    await expect(client.sendText('5491155550123', 'cuatro')).resolves.toBeDefined();
    await eventually(
      async () => (await metricValue(t, 'circuit_breaker_state', { service: 'whatsapp' })) === 0,
      5_000,
    );
    await expect(client.sendText('5491155550123', 'cinco')).resolves.toBeDefined();
    expect(fake.requests).toHaveLength(7);
  });

  it('a 4xx never opens the breaker', async () => {
    fake.fail({ kind: 'status', status: 400, code: 100 });
    for (let i = 0; i < 7; i++)
      await expect(client.sendText('5491155550123', 'x')).rejects.toBeInstanceOf(WhatsAppApiError);
    fake.reset();
    await expect(client.sendText('5491155550123', 'ok')).resolves.toBeDefined();
  });
});
