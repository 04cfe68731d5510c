// The embedded database's thread: PGlite (PostgreSQL compiled to WASM) and its socket server. Loaded
// by EmbeddedPostgres as a worker, so a query's execution never holds the HTTP event loop, and the
// database's memory and object shapes stay out of the main isolate. Plain erasable TypeScript: under
// jest, Node loads this file as it is (type stripping), not through the test transform.
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import type { EmbeddedPostgresReply, EmbeddedPostgresStart } from './embedded-postgres.protocol.ts';

const port = parentPort;
if (!port) throw new Error('embedded-postgres.worker runs as a worker thread');

async function start({
  dataDir,
}: EmbeddedPostgresStart): Promise<{ db: PGlite; server: PGLiteSocketServer }> {
  let dir: string | undefined;
  if (dataDir) {
    dir = path.join(dataDir, 'pglite');
    await mkdir(dir, { recursive: true });
  }
  const db = await PGlite.create({ ...(dir ? { dataDir: dir } : {}), extensions: { btree_gist } });
  await db.exec('select 1');
  // PGlite is a single session: one connection, or two clients' transactions would interleave.
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 1 });
  await server.start();
  return { db, server };
}

const reply = (message: EmbeddedPostgresReply) => port.postMessage(message);

try {
  const { db, server } = await start(workerData as EmbeddedPostgresStart);
  const listening = Number(server.getServerConn().split(':').pop());
  port.once('message', () => {
    // The only message is "stop": close the server, then flush and close the database.
    void server
      .stop()
      .then(() => db.close())
      .then(
        () => reply({ type: 'stopped' }),
        (error: unknown) => reply({ type: 'failed', message: (error as Error).message }),
      )
      .finally(() => port.close());
  });
  reply({ type: 'listening', url: `postgresql://postgres@127.0.0.1:${listening}/postgres` });
} catch (error) {
  reply({ type: 'failed', message: (error as Error).message });
  port.close();
}
