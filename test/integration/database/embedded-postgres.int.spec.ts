import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { EmbeddedPostgres } from '../../../src/database/embedded-postgres.js';

async function query<T>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

describe('EmbeddedPostgres (PGlite in a worker thread)', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'estadia-embedded-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('keeps its data in the data directory across a stop and a new start', async () => {
    const first = await EmbeddedPostgres.start(dataDir);
    await query(first.url, `create table kept (word text); insert into kept values ('hola')`);
    await first.stop();
    await first.stop(); // a second stop is a no-op

    const second = await EmbeddedPostgres.start(dataDir);
    try {
      await expect(query<{ word: string }>(second.url, 'select word from kept')).resolves.toEqual([
        { word: 'hola' },
      ]);
    } finally {
      await second.stop();
    }
  });

  it('runs a query without holding the event loop of the thread that asked', async () => {
    const db = await EmbeddedPostgres.start(undefined);
    try {
      let ticks = 0;
      const timer = setInterval(() => ticks++, 5);
      const started = Date.now();
      // CPU-bound inside PostgreSQL: on this thread it would allow no timer to fire until it ended.
      await query(
        db.url,
        'select count(*) from generate_series(1, 4000000) a cross join generate_series(1, 1) b',
      );
      const elapsed = Date.now() - started;
      clearInterval(timer);
      expect(elapsed).toBeGreaterThan(100);
      expect(ticks).toBeGreaterThanOrEqual(Math.floor(elapsed / 5 / 4));
    } finally {
      await db.stop();
    }
  });

  it('fails to start with the reason when its data directory cannot be used', async () => {
    const notADirectory = path.join(dataDir, 'a-file');
    await writeFile(notADirectory, 'not a directory');
    await expect(EmbeddedPostgres.start(notADirectory)).rejects.toThrow(
      /embedded database failed to start: .*(ENOTDIR|EEXIST|not a directory)/i,
    );
  });
});
