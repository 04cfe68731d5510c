import { EntityManager } from '@mikro-orm/postgresql';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { runChat, type ChatTiming } from '../../../src/cli/chat-command.js';
import { seedDemoAccommodations } from '../../../src/database/seed.js';
import { FakeWhatsAppApi } from '../../../src/sandbox/fake-whatsapp-api.js';
import { startAppProcess, type AppProcess } from '../../support/app-process.js';
import { dropIsolatedDatabases, isolatedDatabaseUrl } from '../../support/isolated-database.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { eventually, randomGuestPhone } from '../../support/whatsapp-webhooks.js';

const MONTH = new Intl.DateTimeFormat('es-AR', { month: 'long', timeZone: 'UTC' });

/** "del 10 al 12 de <month> de <year>", about half a year ahead: free on a fresh database, bookable. */
function stayInSixMonths(): { words: string; checkIn: string; checkOut: string } {
  const day = new Date();
  day.setUTCDate(1);
  day.setUTCMonth(day.getUTCMonth() + 6);
  const month = day.getUTCMonth();
  const year = day.getUTCFullYear();
  const mm = String(month + 1).padStart(2, '0');
  return {
    words: `del 10 al 12 de ${MONTH.format(day)} de ${year}`,
    checkIn: `10/${mm}/${year}`,
    checkOut: `12/${mm}/${year}`,
  };
}

/** es-AR money uses a no-break space after the sign. */
const plain = (text: string) => text.replace(/\u00a0/g, ' ');

interface InProcessChat {
  stdin: PassThrough & { isTTY?: boolean };
  exit: Promise<number>;
  stdout(): string;
  stderr(): string;
}

function chatInProcess(
  argv: string[],
  options: { env?: NodeJS.ProcessEnv; timing?: ChatTiming; tty?: boolean } = {},
): InProcessChat {
  const stdin: PassThrough & { isTTY?: boolean } = new PassThrough();
  if (options.tty) stdin.isTTY = true;
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exit = runChat({ argv, env: options.env ?? {}, stdin, stdout, stderr }, options.timing);
  return { stdin, exit, stdout: () => plain(out), stderr: () => err };
}

const FAST: ChatTiming = { quietMs: 1_000, replyTimeoutMs: 15_000, pollWaitMs: 5_000 };

describe('npm run chat', () => {
  afterAll(() => dropIsolatedDatabases());

  describe('against the server process, as a newcomer runs it', () => {
    let app: AppProcess;

    beforeAll(async () => {
      const databaseUrl = await isolatedDatabaseUrl();
      const env: Record<string, string> = { DATA_DIR: 'memory://' };
      if (databaseUrl) {
        env.DATABASE_URL = databaseUrl;
        // A fresh real database is not seeded by the server; `npm run seed` does it.
        const seeded = spawnSync(process.execPath, ['dist/src/cli/seed.js'], {
          env: { PATH: process.env.PATH ?? '', DATABASE_URL: databaseUrl },
          encoding: 'utf8',
        });
        expect(seeded.status).toBe(0);
      }
      if (process.env.REDIS_URL) env.REDIS_URL = process.env.REDIS_URL;
      app = await startAppProcess(env);
    });
    afterAll(async () => {
      await app?.stop();
    });

    it('piped: the menu, the prices, then a pre-reservation with its code and payment link', async () => {
      const stay = stayInSixMonths();
      const child = spawn(
        process.execPath,
        ['dist/src/cli/chat.js', '--phone', '5491155580001', '--url', app.url],
        {
          env: { PATH: process.env.PATH ?? '' },
        },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.stdin.end(
        [
          'hola',
          `tenés libre ${stay.words} para 2?`,
          `quiero reservar la cabaña del lago ${stay.words} para 2`,
        ].join('\n') + '\n',
      );
      const [code] = (await once(child, 'exit')) as [number | null];
      expect({ code, stderr }).toEqual({ code: 0, stderr: '' });

      const transcript = plain(stdout);
      expect(transcript).toContain(`you are +5491155580001 (Ana), talking to the bot at ${app.url}`);
      const [greeting, availability, reservation] = transcript.split(/^you › /m).slice(1);
      expect(greeting).toMatch(/^hola\nbot › ¡Hola!/);
      expect(greeting).toMatch(/Consultar disponibilidad/);
      expect(availability).toContain(`del ${stay.checkIn} al ${stay.checkOut} para 2 personas`);
      expect(availability).toContain('Cabaña del Lago*: $ 85.000 por noche × 2 noches = $ 170.000');
      expect(availability).toContain('Depto Centro*: $ 52.000 por noche × 2 noches = $ 104.000');
      expect(reservation).toMatch(/Código: \*RES-[A-Z0-9]{6}\*/);
      expect(reservation).toContain(`Llegada: ${stay.checkIn}`);
      expect(reservation).toContain(`Salida: ${stay.checkOut}`);
      expect(reservation).toContain('Total: $ 170.000');
      expect(reservation).toMatch(/pagá la seña acá: http:\/\/\S+\/api\/v1\/sandbox\/checkout\/\S+\n/);
    }, 60_000);

    it('exits 1 with one line when the app is not reachable', () => {
      const result = spawnSync(process.execPath, ['dist/src/cli/chat.js', '--phone', '5491155580001'], {
        env: { PATH: process.env.PATH ?? '', PORT: '1' },
        input: 'hola\n',
        encoding: 'utf8',
      });
      expect(result.status).toBe(1);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(/Cannot reach Estadía at http:\/\/127\.0\.0\.1:1\b.*npm start/);
    });
  });

  describe('in this process', () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await startTestApp({
        listen: true,
        env: {
          DATABASE_URL: await isolatedDatabaseUrl(),
          OUTBOX_DISPATCH_INTERVAL_MS: '100',
          INBOX_SWEEP_INTERVAL_MS: '100',
        },
      });
      await seedDemoAccommodations(t.app.get(EntityManager).fork());
    });
    afterAll(async () => {
      await t?.close();
    });

    it('shows photos as [foto] with caption and link; blank lines are not sent', async () => {
      const chat = chatInProcess(
        ['--phone', `+${randomGuestPhone()}`, '--url', `${t.url}/`, '--name', 'Lucía'],
        {
          timing: FAST,
        },
      );
      chat.stdin.end('\n  \ninfo de la cabaña del lago\n');
      expect(await chat.exit).toBe(0);
      const out = chat.stdout();
      expect(out).toContain('(Lucía)');
      expect(out).toContain(
        'bot › [foto] 📸 *Cabaña del Lago*  https://estadia.example/photos/cabana-del-lago/deck.jpg\n',
      );
      expect(out).toMatch(/bot › \*Cabaña del Lago\*\n {6}👥 Hasta 4 personas/);
      expect(out.match(/^you › /gm)).toHaveLength(1);
    });

    it('"/voz …" sends a voice note saying the words, answered like them typed', async () => {
      const chat = chatInProcess(['--phone', randomGuestPhone(), '--url', t.url], { timing: FAST });
      chat.stdin.end('/voz cuántas personas entran en la cabaña del lago?\n');
      expect(await chat.exit).toBe(0);
      const out = chat.stdout();
      expect(out).toContain('you › /voz cuántas personas entran en la cabaña del lago?');
      expect(out).toMatch(/bot › \*Cabaña del Lago\*\n {6}👥 Hasta 4 personas/);

      const empty = await t.app.inject({
        method: 'POST',
        url: '/api/v1/sandbox/whatsapp/voice-notes',
        payload: { text: '' },
      });
      expect([empty.statusCode, empty.json().error]).toEqual([400, 'validation_failed']);
    });

    it('typed in a terminal: prompts, prints replies as they come, quits on end of input', async () => {
      const chat = chatInProcess(['--phone', randomGuestPhone(), '--url', t.url], {
        timing: FAST,
        tty: true,
      });
      await eventually(() => chat.stdout().includes('Ctrl+D'));
      chat.stdin.write('hola\n');
      await eventually(() => chat.stdout().includes('Consultar disponibilidad'));
      chat.stdin.end();
      expect(await chat.exit).toBe(0);
      expect(chat.stdout()).toContain('you › ');
    });

    it('Ctrl+C in a terminal quits at once', async () => {
      const chat = chatInProcess(['--phone', randomGuestPhone(), '--url', t.url], {
        timing: FAST,
        tty: true,
      });
      await eventually(() => chat.stdout().includes('Ctrl+C'));
      chat.stdin.write('\x03');
      expect(await chat.exit).toBe(0);
    });

    it('says so when the app refuses the signature', async () => {
      const chat = chatInProcess(['--phone', randomGuestPhone(), '--url', t.url], {
        env: { WHATSAPP_APP_SECRET: 'not-the-apps-secret' },
        timing: FAST,
      });
      chat.stdin.end('hola\n');
      expect(await chat.exit).toBe(1);
      expect(chat.stderr()).toMatch(/refused the webhook signature \(HTTP 401\).*WHATSAPP_APP_SECRET/);
    });

    it.each([
      [[], /--phone is required/],
      [['--phone', 'abc'], /--phone is not a phone number/],
      [['--phone', '5491155580001', '--url', 'nope'], /--url is not an http\(s\) URL/],
      [['--phone', '5491155580001', '--url', 'ftp://127.0.0.1'], /--url is not an http\(s\) URL/],
      [['--phone', '5491155580001', '--port', '3000'], /Unknown option '--port'/],
    ])('usage error %j exits 2', async (argv, message) => {
      const chat = chatInProcess(argv);
      expect(await chat.exit).toBe(2);
      expect(chat.stderr()).toMatch(message);
      expect(chat.stderr()).toMatch(/Usage: npm run chat -- --phone <number>/);
    });

    it('--help prints the usage; an invalid environment exits 1', async () => {
      const help = chatInProcess(['--help']);
      expect(await help.exit).toBe(0);
      expect(help.stdout()).toMatch(/^Usage:/);
      const bad = chatInProcess(['--phone', '5491155580001'], { env: { PORT: 'abc' } });
      expect(await bad.exit).toBe(1);
      expect(bad.stderr()).toMatch(/Invalid configuration: PORT/);
    });
  });

  describe('when replies cannot come', () => {
    it('an app without the sandbox: exits 1 explaining why', async () => {
      const fake = new FakeWhatsAppApi();
      await fake.start();
      const t = await startTestApp({
        listen: true,
        env: { WHATSAPP_API_URL: fake.url, DATABASE_URL: undefined },
      });
      try {
        const chat = chatInProcess(['--phone', randomGuestPhone(), '--url', t.url]);
        chat.stdin.end('hola\n');
        expect(await chat.exit).toBe(1);
        expect(chat.stderr()).toMatch(/runs no WhatsApp sandbox/);
      } finally {
        await t.close();
        await fake.stop();
      }
    });

    it('no answer in time, then the app goes away: each said, exit 1', async () => {
      // Workers off: the webhook is stored and never answered.
      const t = await startTestApp({
        listen: true,
        env: { WORKERS_ENABLED: 'false', DATABASE_URL: await isolatedDatabaseUrl() },
      });
      let closed = false;
      try {
        const silent = chatInProcess(['--phone', randomGuestPhone(), '--url', t.url], {
          timing: { quietMs: 100, replyTimeoutMs: 300, pollWaitMs: 5_000 },
        });
        silent.stdin.end('hola\n');
        expect(await silent.exit).toBe(1);
        expect(silent.stderr()).toMatch(/no reply from the bot within/);

        const left = chatInProcess(['--phone', randomGuestPhone(), '--url', t.url], { timing: FAST });
        await eventually(() => left.stdout().includes('Estadía chat'));
        await t.close();
        closed = true;
        expect(await left.exit).toBe(1);
        expect(left.stderr()).toMatch(/^chat: .*127\.0\.0\.1/);
      } finally {
        if (!closed) await t.close();
      }
    });
  });
});
