import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';

/**
 * Real PostgreSQL (PGlite, compiled to WASM) in-process, reached through its socket server so the app
 * uses exactly the same driver and SQL as in production. PGlite is a single session: the socket server
 * serialises queries across connections, so two connections would interleave their transactions.
 * Callers must therefore use a pool of one connection.
 */
export class EmbeddedPostgres {
  private constructor(
    private readonly db: PGlite,
    private readonly server: PGLiteSocketServer,
    readonly url: string,
  ) {}

  static async start(dataDir: string | undefined): Promise<EmbeddedPostgres> {
    let dir: string | undefined;
    if (dataDir) {
      dir = path.join(dataDir, 'pglite');
      await mkdir(dir, { recursive: true });
    }
    const db = await PGlite.create({ ...(dir ? { dataDir: dir } : {}), extensions: { btree_gist } });
    await db.exec('select 1');
    const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 1 });
    await server.start();
    const port = Number(server.getServerConn().split(':').pop());
    return new EmbeddedPostgres(db, server, `postgresql://postgres@127.0.0.1:${port}/postgres`);
  }

  async stop(): Promise<void> {
    await this.server.stop();
    await this.db.close();
  }
}
