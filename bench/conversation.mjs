// npm run bench:conversation — what a guest waits for: from the signed webhook leaving the sender to
// the bot's first reply reaching the (fake) Graph API, with the real app as a child process.
//
// The bench owns the fakes (Graph API, transcription taking 1 s) and starts `node dist/src/main.js`
// against them: on PostgreSQL + Redis when DATABASE_URL / REDIS_URL are set (a fresh scratch database
// on that server, dropped afterwards), else on the embedded default (PGlite in a temporary DATA_DIR,
// in-memory store). Load is open-loop: messages leave on schedule whatever the replies do. Each
// message goes to a guest with nothing in flight, so the first reply to that guest after the send is
// its answer; guests do come back, with the 30-minute memory of what they said. Beside p50/p95/p99
// it prints the app's CPU per message and, from the app's own rows, how long each stage took.
//
// Flags: --rate 20 --duration 60 (text, messages/s and s), --audio-rate 5 --audio-duration 30 (voice
// notes; 0 skips), --guests 200, --timeout 10 (s without a reply = error), --warmup 40 (text messages
// sent first and not counted), --cpu-prof <dir> (profile the app). Exit 1 only when the harness
// itself fails (app does not start or dies, nothing answered at all), never for a missed goal.
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { clearInterval, setInterval } from 'node:timers';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { FakeWhatsAppApi } from '../dist/src/sandbox/fake-whatsapp-api.js';
import { cpuMs, freePort, pinned, scratchDatabase, signedWhatsAppWebhook, spawnServer } from './support.mjs';

const { values: flags } = parseArgs({
  options: {
    rate: { type: 'string', default: '20' },
    duration: { type: 'string', default: '60' },
    'audio-rate': { type: 'string', default: '5' },
    'audio-duration': { type: 'string', default: '30' },
    guests: { type: 'string', default: '200' },
    timeout: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '40' },
    'cpu-prof': { type: 'string' },
  },
});
const RATE = Number(flags.rate);
const DURATION_S = Number(flags.duration);
const AUDIO_RATE = Number(flags['audio-rate']);
const AUDIO_DURATION_S = Number(flags['audio-duration']);
const GUESTS = Number(flags.guests);
const TIMEOUT_MS = Number(flags.timeout) * 1000;
const WARMUP = Number(flags.warmup);
/** After its first reply a guest stays busy this long, so a second reply (text after a photo) lands. */
const QUIET_MS = 2_000;
const GOALS = { text: 150, audio: 1_500 };
const SECRET = 'bench-app-secret-0123456789';
const TRANSCRIPTION_KEY = 'bench-transcription-key';
const PHONE_NUMBER_ID = '100000000000001';

// ---------------------------------------------------------------------------------------------
// What guests write: greetings, availability with dates and guests, info about a place, prices,
// a reservation now and then, thanks. Argentine WhatsApp style, dates spread over the next months.

const MONTH = new Intl.DateTimeFormat('es-AR', { month: 'long' }); // "septiembre"…
const PLACES = [
  ['la cabaña del lago', 'la del lago', 'cabaña lago'],
  ['el depto centro', 'el depto', 'departamento del centro'],
  ['la casa del bosque', 'la del bosque', 'la casa'],
];
const pick = (list) => list[Math.floor(Math.random() * list.length)];
const between = (min, max) => min + Math.floor(Math.random() * (max - min + 1));

function randomStay() {
  const start = new Date();
  start.setDate(start.getDate() + between(7, 300));
  const end = new Date(start);
  end.setDate(end.getDate() + between(2, 6));
  return { start, end, guests: between(2, 6) };
}
const dm = (d) => `${d.getDate()}/${d.getMonth() + 1}`;
const spelled = ({ start, end }) =>
  start.getMonth() === end.getMonth()
    ? `del ${start.getDate()} al ${end.getDate()} de ${MONTH.format(end)}`
    : `del ${start.getDate()} de ${MONTH.format(start)} al ${end.getDate()} de ${MONTH.format(end)}`;

const KINDS = [
  [
    25,
    'greeting',
    () => pick(['hola', 'holaa buen día', 'buenas! cómo va?', 'hola, qué tal? 👋', 'buenas tardes']),
  ],
  [
    35,
    'availability',
    () => {
      const s = randomStay();
      return pick([
        `hola! tienen lugar ${spelled(s)} para ${s.guests}?`,
        `hay disponibilidad ${dm(s.start)} al ${dm(s.end)} para ${s.guests} personas?`,
        `somos ${s.guests}, buscamos algo ${spelled(s)}`,
        `qué tienen libre del ${dm(s.start)} al ${dm(s.end)}? somos ${s.guests} adultos`,
      ]);
    },
  ],
  [
    20,
    'info',
    () =>
      pick([
        `info de ${pick(PLACES)[0]}`,
        `cómo es ${pick(PLACES)[0]}?`,
        `me pasás fotos de ${pick(PLACES)[0]}?`,
        `contame de ${pick(PLACES)[1]}`,
      ]),
  ],
  [8, 'price', () => pick(['cuánto sale la noche?', 'precios?', `cuánto sale ${pick(PLACES)[0]}?`])],
  [
    7,
    'reserve',
    () => {
      const s = randomStay();
      const place = pick(PLACES);
      return pick([
        `quiero reservar ${place[0]} ${spelled(s)} para ${Math.min(s.guests, 2)}`,
        `reservame ${place[1]} del ${dm(s.start)} al ${dm(s.end)}, somos 2`,
      ]);
    },
  ],
  [5, 'thanks', () => pick(['gracias!!', 'genial, gracias', 'dale, mil gracias 🙌'])],
];
const TOTAL_WEIGHT = KINDS.reduce((sum, [w]) => sum + w, 0);

function guestMessage() {
  let roll = Math.random() * TOTAL_WEIGHT;
  for (const [weight, kind, make] of KINDS) {
    roll -= weight;
    if (roll < 0) return { kind, text: make() };
  }
  return { kind: 'greeting', text: 'hola' };
}

// ---------------------------------------------------------------------------------------------
// Webhooks as Meta sends them.

function signed(message, from) {
  return signedWhatsAppWebhook({
    secret: SECRET,
    phoneNumberId: PHONE_NUMBER_ID,
    from,
    name: 'Huésped',
    message,
  });
}

const newWamid = () => `wamid.bench-${randomBytes(12).toString('base64url')}`;

function textWebhook(from, text) {
  const id = newWamid();
  return { id, ...signed({ id, type: 'text', text: { body: text } }, from) };
}

/** A voice note whose "audio" is the words themselves: the fake transcription hears them back. */
function audioWebhook(from, text, graph) {
  const id = newWamid();
  const mediaId = `bench-audio-${randomBytes(8).toString('hex')}`;
  const bytes = Buffer.from(text);
  const mimeType = 'audio/ogg; codecs=opus';
  graph.addMedia(mediaId, bytes, mimeType);
  const sha256 = createHash('sha256').update(bytes).digest('base64');
  return {
    id,
    ...signed({ id, type: 'audio', audio: { id: mediaId, mime_type: mimeType, sha256, voice: true } }, from),
  };
}

// ---------------------------------------------------------------------------------------------
// Matching replies to messages: one message in flight per guest, the fake's arrival time per reply.

class Guests {
  constructor(prefix, size) {
    this.prefix = prefix;
    this.idle = Array.from({ length: size }, (_, i) => this.phone(i));
    this.created = size;
    /** phone → the message waiting for its first reply, or the time the guest turns idle again. */
    this.state = new Map();
  }

  phone(i) {
    return `${this.prefix}${String(i).padStart(5, '0')}`;
  }

  /** The guest idle longest; a new one when all are busy (the load stays open-loop). */
  take() {
    const now = Date.now();
    for (const [phone, s] of this.state) {
      if (s.idleAt !== undefined && s.idleAt <= now) {
        this.state.delete(phone);
        this.idle.push(phone);
      }
    }
    return this.idle.shift() ?? this.phone(this.created++);
  }
}

class Phase {
  constructor(name, guests, appUrl) {
    Object.assign(this, { name, guests, appUrl });
    this.latencies = [];
    this.ackLatencies = [];
    this.sent = 0;
    this.non2xx = 0;
    this.sendErrors = 0;
    this.noReply = 0;
    this.pending = new Set();
    this.byKind = new Map();
    this.answeredEntries = [];
  }

  async send(kind, phone, webhook) {
    const entry = { phase: this, kind, phone, id: webhook.id, sentAt: Date.now(), replied: false };
    this.guests.state.set(phone, { entry });
    this.pending.add(entry);
    this.sent++;
    try {
      const response = await fetch(`${this.appUrl}/api/v1/webhooks/whatsapp`, {
        method: 'POST',
        headers: webhook.headers,
        body: webhook.body,
      });
      await response.arrayBuffer();
      this.ackLatencies.push(Date.now() - entry.sentAt);
      if (!response.ok) this.fail(entry, 'non2xx');
    } catch {
      this.fail(entry, 'sendErrors');
    }
  }

  fail(entry, counter) {
    if (!this.pending.delete(entry)) return;
    this[counter]++;
    // A late answer would be taken for the next message's: this guest sits the run out.
    this.guests.state.set(entry.phone, { idleAt: Infinity });
  }

  answered(entry, at) {
    entry.replied = true;
    entry.at = at;
    this.answeredEntries.push(entry);
    this.pending.delete(entry);
    const latency = at - entry.sentAt;
    this.latencies.push(latency);
    const list = this.byKind.get(entry.kind) ?? [];
    list.push(latency);
    this.byKind.set(entry.kind, list);
    this.guests.state.set(entry.phone, { idleAt: at + QUIET_MS });
  }

  expire(now) {
    for (const entry of this.pending) {
      if (now - entry.sentAt > TIMEOUT_MS) this.fail(entry, 'noReply');
    }
  }
}

/**
 * Follows the fake's request log into the phases. The fake stamps `at` when the whole request has
 * arrived, so the polling interval adds nothing to the measured latency.
 */
function watchReplies(graph, pools, phases) {
  let cursor = 0;
  const watcher = { strays: 0 };
  const onReply = (to, at) => {
    for (const guests of pools) {
      const s = guests.state.get(to);
      if (!s) continue;
      if (s.entry && !s.entry.replied && s.entry.phase.pending.has(s.entry))
        s.entry.phase.answered(s.entry, at);
      else if (s.idleAt !== undefined && s.idleAt !== Infinity) s.idleAt = Math.max(s.idleAt, at + QUIET_MS);
      return;
    }
    watcher.strays++;
  };
  watcher.scan = () => {
    for (; cursor < graph.requests.length; cursor++) {
      const r = graph.requests[cursor];
      if (r.method === 'POST' && r.path.endsWith('/messages'))
        onReply(String(r.body?.to ?? '').replace(/^\+/, ''), r.at.getTime());
    }
    const now = Date.now();
    for (const phase of phases) phase.expire(now);
  };
  const timer = setInterval(watcher.scan, 10);
  watcher.stop = () => clearInterval(timer);
  return watcher;
}

/** Sends `count` messages at `rate`/s on an absolute schedule (no drift, no waiting on replies). */
async function drive(phase, rate, count, make) {
  const started = performance.now();
  const inFlight = [];
  for (let i = 0; i < count; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const phone = phase.guests.take();
    const { kind, webhook } = make(phone);
    inFlight.push(phase.send(kind, phone, webhook));
  }
  await Promise.all(inFlight);
}

async function settle(phase, watcher) {
  while (phase.pending.size > 0) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    watcher.scan();
  }
}

// ---------------------------------------------------------------------------------------------
// Processes, databases.

/** Warnings and errors the app logged, by event: a retry storm or a dead row explains a tail. */
function tallyLogs(child) {
  const counts = new Map();
  createInterface({ input: child.stdout }).on('line', (line) => {
    try {
      const entry = JSON.parse(line);
      if (entry.level >= 40) counts.set(entry.msg, (counts.get(entry.msg) ?? 0) + 1);
    } catch {
      // the sandbox banner is not JSON
    }
  });
  return counts;
}

async function waitUntilReady(child, url) {
  for (let i = 0; i < 240; i++) {
    if (child.exitCode !== null) throw new Error(`app exited with ${child.exitCode} before it was ready`);
    const ok = await fetch(`${url}/api/v1/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('app did not become ready in 60 s');
}

const STAGES_SQL = `select external_id as id, extract(epoch from received_at) * 1000 as received,
  extract(epoch from processed_at) * 1000 as processed from inbound_events where provider = 'whatsapp'`;

/**
 * When each message was stored and when its handling transaction began, from the app's own rows
 * (read after it stopped): splits a latency into ingest, queueing (and, for a voice note, its
 * download and transcription), and handling plus sending.
 */
async function readStages() {
  let rows;
  if (databaseUrl) {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      ({ rows } = await client.query(STAGES_SQL));
    } finally {
      await client.end();
    }
  } else {
    const { PGlite } = await import('@electric-sql/pglite');
    const { btree_gist } = await import('@electric-sql/pglite/contrib/btree_gist');
    const db = await PGlite.create({ dataDir: path.join(dataDir, 'pglite'), extensions: { btree_gist } });
    try {
      ({ rows } = await db.query(STAGES_SQL));
    } finally {
      await db.close();
    }
  }
  return new Map(rows.map((r) => [r.id, { received: Number(r.received), processed: Number(r.processed) }]));
}

function stageRow(label, phase, stages) {
  const ingest = [];
  const queued = [];
  const handled = [];
  for (const entry of phase.answeredEntries) {
    const stage = stages.get(entry.id);
    if (!stage || !Number.isFinite(stage.processed)) continue;
    ingest.push(stage.received - entry.sentAt);
    queued.push(stage.processed - stage.received);
    handled.push(entry.at - stage.processed);
  }
  const [a, b, c] = [ingest, queued, handled].map(stats);
  return {
    path: label,
    'sent → stored p50/p95 ms': `${a.p50.toFixed(0)} / ${a.p95.toFixed(0)}`,
    'stored → handling p50/p95 ms': `${b.p50.toFixed(0)} / ${b.p95.toFixed(0)}`,
    'handling → reply at fake p50/p95 ms': `${c.p50.toFixed(0)} / ${c.p95.toFixed(0)}`,
  };
}

async function loadTranscriptionFake() {
  const file = new URL('../dist/src/sandbox/fake-transcription-api.js', import.meta.url);
  if (!existsSync(file)) return undefined;
  return (await import(file.href)).FakeTranscriptionApi;
}

// ---------------------------------------------------------------------------------------------
// Report.

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? NaN,
  };
}

function row(label, phase, goal) {
  const s = stats(phase.latencies);
  const ack = stats(phase.ackLatencies);
  return {
    path: label,
    sent: phase.sent,
    replied: phase.latencies.length,
    'p50 ms': s.p50,
    'p95 ms': s.p95,
    'p99 ms': s.p99,
    'max ms': s.max,
    'non-2xx': phase.non2xx,
    'send errors': phase.sendErrors,
    [`no reply ${TIMEOUT_MS / 1000} s`]: phase.noReply,
    'ack p95 ms': ack.p95,
    'app CPU ms/msg': phase.cpuMs === undefined ? '' : (phase.cpuMs / Math.max(1, phase.sent)).toFixed(1),
    goal: goal === undefined ? '' : `p95 < ${goal} ms: ${s.p95 < goal ? 'met' : 'MISSED'}`,
  };
}

// ---------------------------------------------------------------------------------------------

const scratch = `estadia_bench_conversation_${process.pid}`;
const scratchDb = process.env.DATABASE_URL ? scratchDatabase(process.env.DATABASE_URL, scratch) : undefined;
const databaseUrl = scratchDb?.url;
const redisUrl = process.env.REDIS_URL || undefined;
const dataDir = databaseUrl ? undefined : mkdtempSync(path.join(tmpdir(), 'estadia-bench-conversation-'));
const storage = databaseUrl
  ? `PostgreSQL ${new URL(databaseUrl).host}, fresh scratch database ${scratch}`
  : `embedded PGlite (fresh DATA_DIR ${dataDir})`;
const kv = redisUrl ? `Redis ${new URL(redisUrl).host}` : 'in-memory store';

const graph = new FakeWhatsAppApi();
await graph.start();
const FakeTranscriptionApi = await loadTranscriptionFake();
const transcription = FakeTranscriptionApi
  ? new FakeTranscriptionApi({ apiKey: TRANSCRIPTION_KEY, delayMs: 1000 })
  : undefined;
await transcription?.start();

let child;
let failure;
const warnings = new Map();
const phases = [];
try {
  await scratchDb?.create();
  const port = await freePort();
  const appUrl = `http://127.0.0.1:${port}`;
  const env = {
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'development',
    PORT: String(port),
    LOG_LEVEL: 'warn',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { DATA_DIR: dataDir }),
    ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
    WHATSAPP_API_URL: graph.url,
    WHATSAPP_APP_SECRET: SECRET,
    WHATSAPP_PHONE_NUMBER_ID: PHONE_NUMBER_ID,
    ...(transcription
      ? { TRANSCRIPTION_API_URL: transcription.url, TRANSCRIPTION_API_KEY: TRANSCRIPTION_KEY }
      : {}),
  };
  if (databaseUrl) {
    // The embedded default seeds the demo places by itself; a PostgreSQL database gets them as an
    // operator would, with `npm run seed` (which migrates first).
    const seed = spawnServer(['dist/src/cli/seed.js'], env);
    seed.stdout.resume();
    const [code] = await once(seed, 'exit');
    if (code !== 0) throw new Error(`seeding ${scratch} failed with exit code ${code}`);
  }
  const profile = flags['cpu-prof']
    ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(flags['cpu-prof'])}`]
    : [];
  child = spawnServer([...profile, '--enable-source-maps', 'dist/src/main.js'], env);
  const logged = tallyLogs(child);
  await waitUntilReady(child, appUrl);
  console.log(
    `bench:conversation — app on ${storage} + ${kv}, LOG_LEVEL=warn, ` +
      `${pinned ? 'app on core 0, load and fakes on core 1' : 'no CPU pinning'}; ` +
      `transcription fake: ${transcription ? '1000 ms per note' : 'not in this build, audio skipped'}; ` +
      `machine load average ${loadavg()[0].toFixed(2)} before the run (anything else running skews it)`,
  );

  const textGuests = new Guests('54911600', GUESTS);
  const warm = new Phase('warm-up', textGuests, appUrl);
  const text = new Phase('text', textGuests, appUrl);
  const audioGuests = new Guests('54911700', GUESTS);
  const audio = new Phase('audio', audioGuests, appUrl);
  phases.push(warm, text, audio);
  const watcher = watchReplies(graph, [textGuests, audioGuests], phases);
  const textMessage = (phone) => {
    const { kind, text: words } = guestMessage();
    return { kind, webhook: textWebhook(phone, words) };
  };

  if (WARMUP > 0) {
    await drive(warm, RATE, WARMUP, textMessage);
    await settle(warm, watcher);
    console.log(`warm-up: ${WARMUP} text messages, not counted`);
  }
  console.log(`text: ${RATE}/s for ${DURATION_S} s …`);
  const textCpu = cpuMs(child.pid);
  await drive(text, RATE, Math.round(RATE * DURATION_S), textMessage);
  await settle(text, watcher);
  if (textCpu !== undefined) text.cpuMs = cpuMs(child.pid) - textCpu;
  if (text.latencies.length === 0) throw new Error('no text message got a reply');

  if (transcription && AUDIO_RATE > 0 && AUDIO_DURATION_S > 0) {
    console.log(`audio: ${AUDIO_RATE}/s for ${AUDIO_DURATION_S} s …`);
    const audioCpu = cpuMs(child.pid);
    await drive(audio, AUDIO_RATE, Math.round(AUDIO_RATE * AUDIO_DURATION_S), (phone) => {
      const { kind, text: words } = guestMessage();
      return { kind, webhook: audioWebhook(phone, words, graph) };
    });
    await settle(audio, watcher);
    if (audioCpu !== undefined) audio.cpuMs = cpuMs(child.pid) - audioCpu;
    if (audio.latencies.length === 0) throw new Error('no voice note got a reply');
  }
  // Trailing replies (the text after a photo) still count as matched, not as strays.
  await new Promise((resolve) => setTimeout(resolve, 500));
  watcher.scan();
  watcher.stop();
  for (const [msg, n] of logged) warnings.set(msg, n);
  if (child.exitCode !== null) throw new Error(`app exited with ${child.exitCode} during the run`);
  child.kill('SIGTERM');
  await once(child, 'exit');
  const stages = await readStages().catch((error) => {
    console.log(`(no stage breakdown: ${error.message})`);
    return undefined;
  });

  const rows = [row(`text ${RATE}/s × ${DURATION_S} s`, text, GOALS.text)];
  if (audio.sent > 0)
    rows.push(row(`voice notes ${AUDIO_RATE}/s × ${AUDIO_DURATION_S} s`, audio, GOALS.audio));
  console.log();
  console.table(rows);

  const kinds = [];
  for (const phase of [text, audio]) {
    for (const [kind, values] of phase.byKind) {
      const s = stats(values);
      kinds.push({
        path: phase.name,
        message: kind,
        replied: values.length,
        'p50 ms': s.p50,
        'p95 ms': s.p95,
        'max ms': s.max,
      });
    }
  }
  console.log('by kind of message:');
  console.table(kinds);
  if (stages) {
    const split = [stageRow('text', text, stages)];
    if (audio.sent > 0) split.push(stageRow('voice notes', audio, stages));
    console.log(
      'where the time goes (the app\'s received_at / processed_at; for a voice note the download and transcription fall in "stored → handling"):',
    );
    console.table(split);
  }

  if (transcription && audio.sent > 0) {
    const ok = transcription.requests.filter((r) => r.status === 200).length;
    console.log(
      `transcriptions answered: ${ok} of ${audio.sent} voice notes` +
        (ok < audio.sent ? ' (the rest were answered without a transcript: see the app warnings)' : ''),
    );
  }
  console.log(
    `guest pools: text ${text.guests.created}, audio ${audio.guests.created} phones; ` +
      `replies matched to no message: ${watcher.strays}`,
  );
  console.log(`machine load average after the run: ${loadavg()[0].toFixed(2)} (1 min)`);
  console.log(
    warnings.size === 0
      ? 'app warnings/errors: none'
      : `app warnings/errors: ${[...warnings].map(([m, n]) => `${m} ×${n}`).join(', ')}`,
  );
} catch (error) {
  failure = error;
} finally {
  if (child && child.exitCode === null) {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
  await graph.stop();
  await transcription?.stop();
  await scratchDb?.drop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}
if (failure) {
  console.error(`bench:conversation FAILED: ${failure.message}`);
  process.exit(1);
}
