import { EntityManager } from '@mikro-orm/postgresql';
import { FORBIDDEN_WORDS, texts } from '../../../src/conversation/guest-texts.js';
import { seedDemoAccommodations } from '../../../src/database/seed.js';
import { FakeTranscriptionApi } from '../../../src/sandbox/fake-transcription-api.js';
import { FakeWhatsAppApi } from '../../../src/sandbox/fake-whatsapp-api.js';
import { sql } from '../../support/db.js';
import { dropIsolatedDatabases, isolatedDatabaseUrl } from '../../support/isolated-database.js';
import { metricValue } from '../../support/metrics.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import {
  eventually,
  messageWebhook,
  randomGuestPhone,
  randomWamid,
  postWebhook,
  textWebhook,
} from '../../support/whatsapp-webhooks.js';

const FORBIDDEN = new RegExp(`\\b(${FORBIDDEN_WORDS.join('|')})\\b`, 'i');
// No year: the next 10th of March, always within the booking horizon (a year ahead).
const REQUEST = 'quiero reservar la cabaña del lago del 10 al 12 de marzo para 2';

type Sent = { to: string; type: string; text?: { body: string } };

describe('voice notes over WhatsApp', () => {
  let graph: FakeWhatsAppApi;
  let speech: FakeTranscriptionApi;
  let t: TestApp;
  let mediaSeq = 0;

  beforeAll(async () => {
    graph = new FakeWhatsAppApi('sandbox-access-token');
    speech = new FakeTranscriptionApi({ apiKey: 'sk-e2e' });
    await Promise.all([graph.start(), speech.start()]);
    t = await startTestApp({
      env: {
        DATABASE_URL: await isolatedDatabaseUrl(),
        WHATSAPP_API_URL: graph.url,
        TRANSCRIPTION_API_URL: speech.url,
        TRANSCRIPTION_API_KEY: 'sk-e2e',
        TRANSCRIPTION_MODEL: 'whisper-large-v3',
        WHATSAPP_RETRY_BASE_MS: '20',
        WHATSAPP_RETRY_MAX_MS: '50',
        OUTBOX_DISPATCH_INTERVAL_MS: '100',
        INBOX_SWEEP_INTERVAL_MS: '100',
      },
    });
    await seedDemoAccommodations(t.app.get(EntityManager).fork());
  });
  afterAll(async () => {
    await t?.close();
    await Promise.all([graph.stop(), speech.stop()]);
    await dropIsolatedDatabases();
  });
  afterEach(() => speech.reset());

  const repliesTo = (phone: string) => graph.sentMessages.filter((m) => m.to === `+${phone}`) as Sent[];
  const body = (m: Sent) => (m.text?.body ?? '').replace(/\u00a0/g, ' ');

  async function post(payload: Record<string, unknown>): Promise<void> {
    expect(await postWebhook(t.app, payload)).toBe(200);
  }
  /** A voice note whose audio the fake Graph API holds; the fake transcription "hears" UTF-8 bytes as text. */
  function voiceNote(phone: string, audio: Buffer, options: { fileSize?: number; wamid?: string } = {}) {
    const mediaId = `media-${++mediaSeq}`;
    graph.addMedia(mediaId, audio, 'audio/ogg; codecs=opus', { fileSize: options.fileSize });
    const wamid = options.wamid ?? randomWamid();
    return {
      mediaId,
      wamid,
      send: () =>
        post(
          messageWebhook(
            phone,
            { type: 'audio', audio: { id: mediaId, mime_type: 'audio/ogg; codecs=opus', voice: true } },
            wamid,
          ),
        ),
    };
  }
  async function nextReply(phone: string, before: number): Promise<string> {
    await eventually(() => repliesTo(phone).length > before);
    const text = body(repliesTo(phone)[before]!);
    expect(text).not.toMatch(FORBIDDEN);
    return text;
  }
  const inboxRow = async (wamid: string) =>
    (
      await sql<{ status: string; attempts: number; prepared: Record<string, unknown> | null }>(
        t,
        `select status, attempts, prepared from inbound_events where provider = 'whatsapp' and external_id = ?`,
        [wamid],
      )
    )[0];

  it('a transcribed request books exactly like the same request typed', async () => {
    const typist = randomGuestPhone();
    await post(textWebhook(typist, REQUEST));
    const typed = await nextReply(typist, 0);
    const [first] = await sql<{ code: string }>(t, 'select code from reservations where guest_phone = ?', [
      typist,
    ]);
    // Free the dates again so the spoken request can book the very same stay.
    await post(textWebhook(typist, `quiero cancelar la reserva ${first!.code}`));
    expect(await nextReply(typist, 1)).toMatch(/Querés que cancele/);
    await post(textWebhook(typist, 'sí'));
    expect(await nextReply(typist, 2)).toMatch(/cancelé/);

    const speaker = randomGuestPhone();
    const transcribedBefore = await metricValue(t, 'voice_notes_total', { outcome: 'transcribed' });
    const note = voiceNote(speaker, Buffer.from(REQUEST));
    await note.send();
    const spoken = await nextReply(speaker, 0);

    const [held] = await sql<{ code: string; status: string; check_in: string; check_out: string }>(
      t,
      `select code, status, check_in::text as check_in, check_out::text as check_out
       from reservations where guest_phone = ?`,
      [speaker],
    );
    expect(held).toMatchObject({
      status: 'pre_reserved',
      check_in: expect.stringMatching(/-03-10$/),
      check_out: expect.stringMatching(/-03-12$/),
    });
    // Each hold gets its own checkout link (a MercadoPago preference); everything else is the same.
    const sameButLink = (text: string) =>
      text.replace(/\/sandbox\/checkout\/\S+/g, '/sandbox/checkout/<link>');
    expect(sameButLink(spoken)).toBe(sameButLink(typed.replaceAll(first!.code, held!.code)));
    const year = held!.check_in.slice(0, 4);
    for (const part of ['Cabaña del Lago', `Llegada: 10/03/${year}`, `Salida: 12/03/${year}`, '2 personas']) {
      expect(spoken).toContain(part);
    }

    const [request] = speech.requests;
    expect(request!.headers.authorization).toBe('Bearer sk-e2e');
    expect(request!.fields).toMatchObject({ model: 'whisper-large-v3', language: 'es' });
    expect(request!.file!.name).toMatch(/\.ogg$/);
    expect(await inboxRow(note.wamid)).toMatchObject({
      status: 'done',
      prepared: { outcome: 'transcribed', text: REQUEST },
    });
    expect((await metricValue(t, 'voice_notes_total', { outcome: 'transcribed' })) - transcribedBefore).toBe(
      1,
    );
  });

  it('a 17 MB note is refused kindly and never downloaded', async () => {
    const phone = randomGuestPhone();
    const note = voiceNote(phone, Buffer.from('hola'), { fileSize: 17 * 1024 * 1024 });
    await note.send();
    expect(await nextReply(phone, 0)).toBe(texts.voiceNoteTooLong());
    expect(graph.requests.some((r) => r.path === `/v25.0/${note.mediaId}`)).toBe(true);
    expect(graph.requests.some((r) => r.path.startsWith(`/media-download/${note.mediaId}`))).toBe(false);
    expect(speech.requests.some((r) => r.file?.bytes.toString() === 'hola')).toBe(false);
    expect(await inboxRow(note.wamid)).toMatchObject({
      status: 'done',
      prepared: { outcome: 'too_large', bytes: 17 * 1024 * 1024 },
    });
  });

  it('a slow transcription holds back neither another guest nor anything but its own guest', async () => {
    const speaker = randomGuestPhone();
    const typist = randomGuestPhone();
    speech.pause();
    const before = speech.requests.length;
    // Quotes, question marks and placeholders-looking text go through storage untouched.
    const words = `hola! ¿cómo va? "buenas" 'che' $1 ?? \\`;
    const note = voiceNote(speaker, Buffer.from(words));
    await note.send();
    await eventually(() => speech.requests.length > before);
    // The speaker writes again while their note is still being transcribed: that waits its turn.
    await post(textWebhook(speaker, 'gracias'));
    await post(textWebhook(typist, 'hola'));
    expect(await nextReply(typist, 0)).toMatch(/Soy el asistente/);
    expect(repliesTo(speaker)).toHaveLength(0);

    speech.resume();
    await eventually(() => repliesTo(speaker).length >= 2);
    const order = graph.sentMessages.map((m) => m.to);
    expect(order.indexOf(`+${typist}`)).toBeLessThan(order.indexOf(`+${speaker}`));
    const [toNote, toThanks] = repliesTo(speaker).map(body);
    expect(toNote).toMatch(/Soy el asistente/);
    expect(toThanks).toBe(texts.thanks());
    expect((await inboxRow(note.wamid))!.prepared).toMatchObject({ outcome: 'transcribed', text: words });
  });

  it('transcription down: a kind request to write, the message kept, and the guest carries on by text', async () => {
    const phone = randomGuestPhone();
    const failedBefore = await metricValue(t, 'voice_notes_total', { outcome: 'failed' });
    speech.fail({ kind: 'status', status: 500 });
    const note = voiceNote(phone, Buffer.from(REQUEST));
    await note.send();
    const reply = await nextReply(phone, 0);
    expect(reply).toBe(texts.voiceNote());
    expect(reply).toMatch(/escrib/);

    expect(await inboxRow(note.wamid)).toEqual({
      status: 'done',
      attempts: 1,
      prepared: { kind: 'voice_note', outcome: 'failed', reason: 'transcription_unavailable' },
    });
    expect((await metricValue(t, 'voice_notes_total', { outcome: 'failed' })) - failedBefore).toBe(1);
    expect(await sql(t, 'select id from reservations where guest_phone = ?', [phone])).toEqual([]);

    await post(textWebhook(phone, 'hola'));
    expect(await nextReply(phone, 1)).toMatch(/Soy el asistente/);
  });
});
