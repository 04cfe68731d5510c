import { Logger } from '@nestjs/common';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { EmbeddedPostgresReply, EmbeddedPostgresStart } from './embedded-postgres.protocol.js';

// Built, this module is .js and so is the worker; under jest both are the .ts sources.
const WORKER = new URL(
  `./embedded-postgres.worker${path.extname(fileURLToPath(import.meta.url))}`,
  import.meta.url,
);

/**
 * Real PostgreSQL (PGlite, compiled to WASM) in a worker thread, reached through its socket server so
 * the app uses exactly the same driver and SQL as in production. PGlite is a single session: the
 * socket server takes one connection, so callers must use a pool of one.
 */
export class EmbeddedPostgres {
  private readonly logger = new Logger('Database');
  private stopping = false;

  private constructor(
    private readonly worker: Worker,
    readonly url: string,
  ) {
    // Past start-up the worker only ends when told to; anything else leaves the app without its
    // database, which the health check reports from then on.
    worker.on('error', (error) =>
      this.logger.error({ err: { message: error.message } }, 'embedded_database_failed'),
    );
    worker.once('exit', (code) => {
      if (!this.stopping) this.logger.error({ exit_code: code }, 'embedded_database_stopped');
    });
  }

  static async start(dataDir: string | undefined): Promise<EmbeddedPostgres> {
    const start: EmbeddedPostgresStart = dataDir ? { dataDir } : {};
    const worker = new Worker(WORKER, { workerData: start });
    const url = await new Promise<string>((resolve, reject) => {
      worker.once('message', (message: EmbeddedPostgresReply) =>
        message.type === 'listening'
          ? resolve(message.url)
          : reject(new Error(`embedded database failed to start: ${describe(message)}`)),
      );
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`embedded database exited with code ${code}`)));
    }).catch(async (error: unknown) => {
      await worker.terminate();
      throw error;
    });
    worker.removeAllListeners();
    return new EmbeddedPostgres(worker, url);
  }

  /** Closes the server and flushes the database; the worker thread ends with it. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    const outcome = new Promise<EmbeddedPostgresReply>((resolve) => {
      this.worker.once('message', resolve);
      this.worker.once('exit', () => resolve({ type: 'stopped' }));
    });
    this.worker.postMessage('stop');
    const reply = await outcome;
    if (reply.type === 'failed') throw new Error(`embedded database failed to stop: ${reply.message}`);
  }
}

function describe(message: EmbeddedPostgresReply): string {
  return message.type === 'failed' ? message.message : `unexpected ${message.type}`;
}
