import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../src/bootstrap/create-app.js';
import { Lifecycle } from '../../src/common/lifecycle/lifecycle.js';
import type { AppConfig } from '../../src/config/app-config.js';
import { dropIsolatedDatabase, isolatedDatabaseUrl } from './isolated-database.js';
import { testConfig } from './test-config.js';

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  /** Base URL when started with `listen: true`. */
  url: string;
  close(): Promise<void>;
}

/**
 * The real application (same bootstrap as main.ts), optionally listening on a random loopback port.
 * On the real PostgreSQL an app whose background workers run gets a database of its own unless the
 * suite chose one: on the shared one its workers would claim other suites' rows (outbox messages,
 * inbox rows, feeds, holds) and act on them with this app's fakes.
 */
export async function startTestApp(
  options: { env?: Record<string, string | undefined>; listen?: boolean } = {},
): Promise<TestApp> {
  const env = { ...options.env };
  const ownDatabase =
    process.env.DATABASE_URL && !('DATABASE_URL' in env) && env.WORKERS_ENABLED !== 'false'
      ? await isolatedDatabaseUrl()
      : undefined;
  if (ownDatabase) env.DATABASE_URL = ownDatabase;
  const config = testConfig(env);
  const app = await createApp(config);
  let url = '';
  if (options.listen) {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.getHttpServer().address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  } else {
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  }
  app.get(Lifecycle).markReady();
  return {
    app,
    config,
    url,
    close: async () => {
      await app.get(Lifecycle).drain();
      await app.close();
      if (ownDatabase) await dropIsolatedDatabase(ownDatabase);
    },
  };
}
