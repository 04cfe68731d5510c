import './bootstrap/runtime-tuning.js'; // first: see that module
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './bootstrap/create-app.js';
import { ConfigError, loadConfig, type AppConfig } from './config/app-config.js';
import { Lifecycle } from './common/lifecycle/lifecycle.js';

const CLOSE_DEADLINE_MS = 10_000;

function readConfig(): AppConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

async function main(): Promise<void> {
  const config = readConfig();
  const app = await createApp(config);
  const logger = new Logger('Main');
  const lifecycle = app.get(Lifecycle);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log({ signal }, 'shutdown_started');
    // Not ready first, so the load balancer stops sending; then stop background work; then close
    // the server (in-flight requests finish) and the pools.
    await lifecycle.drain();
    // Closing waits for open connections; one a client opened and never used would hold it until
    // Node's header timeout (a minute), past Kubernetes' grace period. In-flight requests get this long.
    const deadline = setTimeout(() => app.getHttpServer().closeAllConnections(), CLOSE_DEADLINE_MS);
    deadline.unref();
    await app.close();
    logger.log('shutdown_completed');
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));

  await app.listen({ port: config.http.port, host: '0.0.0.0' });
  lifecycle.markReady();
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.http.port;
  const url = `http://127.0.0.1:${port}`;
  logger.log(
    {
      url,
      database: config.database.embedded ? 'embedded' : 'postgresql',
      redis: config.redis.url ? 'redis' : 'memory',
    },
    'server_started',
  );
  if (config.sandbox.enabled) {
    process.stdout.write(
      `\nEstadía is running at ${url}  (API docs: ${url}/api/docs)\n` +
        `Chat with the bot from another terminal:  ${port === 3000 ? '' : `PORT=${port} `}npm run chat -- --phone 5491155580001\n\n`,
    );
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`Failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
