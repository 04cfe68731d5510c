import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { MikroORM } from '@mikro-orm/postgresql';
import { runParse } from '../../../src/cli/parse-command.js';
import { parse } from '../../../src/conversation/parser/parse.js';
import { DatabaseConnection } from '../../../src/database/database-connection.js';
import { migrate } from '../../../src/database/migrate.js';
import { ormOptions } from '../../../src/database/orm-options.js';
import { seedDemoAccommodations } from '../../../src/database/seed.js';
import { dropIsolatedDatabases, isolatedDatabaseUrl } from '../../support/isolated-database.js';
import { testConfig, usingRealDatabase } from '../../support/test-config.js';
import { REFERENCE_CONTEXT, loadCases } from '../../unit/parser/nlu-accuracy.js';

const NOW = '2026-11-27T10:00:00-03:00';
const FIELDS = ['intent', 'checkIn', 'checkOut', 'guests', 'code', 'accommodation'] as const;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The compiled CLI (built by the global setup) as `npm run -s parse` runs it. */
async function parseProcess(args: string[], input: string, env: Record<string, string> = {}): Promise<Run> {
  const child = spawn(process.execPath, ['dist/src/cli/parse.js', ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(input);
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

/** The same command in this process, so its code counts towards coverage. */
async function parseInProcess(args: string[], input = '', env: NodeJS.ProcessEnv = {}): Promise<Run> {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  stdin.end(input);
  const code = await runParse({ argv: args, env, stdin, stdout, stderr });
  return { code, stdout: out, stderr: err };
}

const jsonLines = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe('npm run -s parse', () => {
  const cases = loadCases('test/fixtures/nlu-cases.jsonl');
  const input = cases.map((c) => JSON.stringify({ id: c.id, text: c.text })).join('\n') + '\n';

  it('answers each {"id","text"} line with the labelled fields (demo places, no database)', async () => {
    const run = await parseProcess(['--now', NOW, '--jsonl'], input);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const lines = jsonLines(run.stdout);
    expect(lines).toHaveLength(cases.length);
    for (const [i, c] of cases.entries()) {
      // Exactly the documented fields, as the parser gave them.
      const parsed = parse(c.text, REFERENCE_CONTEXT);
      expect(lines[i]).toEqual({ id: c.id, ...Object.fromEntries(FIELDS.map((f) => [f, parsed[f]])) });
    }
    // The parser's accuracy is the accuracy suite's business; here, that the CLI carries its answers.
    const agreeing = cases.filter((c, i) => FIELDS.every((f) => lines[i][f] === c.expect[f]));
    expect(agreeing.length / cases.length).toBeGreaterThanOrEqual(0.9);
  });

  it('turns unreadable lines into error lines and goes on', async () => {
    const run = await parseProcess(
      ['--now', NOW, '--jsonl'],
      'not json\n{"id":7}\n\n[1,2]\n{"id":"a","text":42}\r\n{"id":"ok","text":"info de la del bosque"}\n',
    );
    expect(run.code).toBe(0);
    expect(jsonLines(run.stdout)).toEqual([
      { id: null, error: expect.any(String) },
      { id: 7, error: expect.any(String) },
      { id: null, error: expect.any(String) },
      { id: 'a', error: expect.any(String) },
      expect.objectContaining({ id: 'ok', intent: 'accommodation_info', accommodation: 'casa-del-bosque' }),
    ]);
  });

  it('prints the usage and exits 2 on bad flags', async () => {
    for (const args of [
      ['--bogus'],
      ['--now', 'yesterday', '--jsonl'],
      ['--tz', 'Mars/Olympus', '--jsonl'],
      [],
    ]) {
      const run = await parseProcess(args, '');
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/Usage:/);
    }
  });

  describe('in this process', () => {
    it('computes relative dates from --now in --tz', async () => {
      const line = '{"id":1,"text":"hay lugar este finde para 2?"}\n';
      const [baires] = jsonLines((await parseInProcess(['--now', NOW, '--jsonl'], line)).stdout);
      expect(baires).toMatchObject({ checkIn: '2026-11-27', checkOut: '2026-11-29', guests: 2 });
      // Saturday 01:00 in Buenos Aires is still Friday evening in Los Angeles.
      const saturday = ['--now', '2026-11-28T01:00:00-03:00', '--jsonl'];
      const [la] = jsonLines(
        (await parseInProcess([...saturday, '--tz', 'America/Los_Angeles'], line)).stdout,
      );
      expect(la).toMatchObject({ checkIn: '2026-11-27', checkOut: '2026-11-29' });
      // A bare date is that day.
      const [day] = jsonLines((await parseInProcess(['--now', '2026-11-27', '--jsonl'], line)).stdout);
      expect(day).toMatchObject({ checkIn: '2026-11-27' });
    });

    it('parses a message given as argument', async () => {
      const run = await parseInProcess(['--now', NOW, 'reservá', 'el', 'depto', 'del 3 al 5/1', 'para 2']);
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toEqual({
        intent: 'reserve',
        checkIn: '2027-01-03',
        checkOut: '2027-01-05',
        guests: 2,
        code: null,
        accommodation: 'depto-centro',
      });
    });

    it('--help prints the usage; a message with --jsonl is a usage error', async () => {
      expect(await parseInProcess(['--help'])).toMatchObject({
        code: 0,
        stdout: expect.stringMatching(/Usage:/),
      });
      expect(await parseInProcess(['--jsonl', 'hola'])).toMatchObject({ code: 2 });
    });

    it('exits 1 with one line when the configured database cannot be read', async () => {
      const run = await parseInProcess(['--jsonl'], '', {
        DATABASE_URL: 'postgresql://nobody@127.0.0.1:1/none',
      });
      expect(run.code).toBe(1);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(/DATABASE_URL/);
    });

    it('exits 1 when standard input fails', async () => {
      const stdin = new PassThrough();
      const stderr = new PassThrough();
      let err = '';
      stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
      const running = runParse({ argv: ['--jsonl'], env: {}, stdin, stdout: new PassThrough(), stderr });
      stdin.destroy(new Error('EIO'));
      expect(await running).toBe(1);
      expect(err).toMatch(/Cannot read standard input/);
    });
  });

  (usingRealDatabase ? describe : describe.skip)('with DATABASE_URL', () => {
    let url: string;

    beforeAll(async () => {
      url = (await isolatedDatabaseUrl())!;
      const connection = await DatabaseConnection.open(testConfig({ DATABASE_URL: url }));
      const orm = await MikroORM.init(ormOptions(connection, () => undefined));
      try {
        await migrate(orm, false);
        await seedDemoAccommodations(orm.em.fork());
        await orm.em.execute(
          `insert into accommodations (slug, name, capacity, nightly_price, aliases, ical_export_token)
           values ('chalet-del-rio', 'Chalet del Río', 6, 99000, '["el chalet"]', 'tok-chalet'),
                  ('old-place', 'Refugio Viejo', 2, 1000, '["el refugio"]', 'tok-old')`,
        );
        await orm.em.execute(`update accommodations set active = false where slug = 'old-place'`);
      } finally {
        await orm.close(true);
        await connection.close();
      }
    });
    afterAll(() => dropIsolatedDatabases());

    it("matches the database's active places, not the demo list", async () => {
      const lines = '{"id":1,"text":"info del chalet"}\n{"id":2,"text":"info del refugio viejo"}\n';
      for (const run of [
        await parseProcess(['--now', NOW, '--jsonl'], lines, { DATABASE_URL: url }),
        await parseInProcess(['--now', NOW, '--jsonl'], lines, { DATABASE_URL: url }),
      ]) {
        expect(run).toMatchObject({ code: 0, stderr: '' });
        const [chalet, refugio] = jsonLines(run.stdout);
        expect(chalet).toMatchObject({ id: 1, accommodation: 'chalet-del-rio' });
        expect(refugio).toMatchObject({ id: 2, accommodation: null });
      }
    });
  });
});
