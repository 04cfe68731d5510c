// The reference point for bench/webhook.mjs: a bare Fastify endpoint that parses JSON and answers 200.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.post('/hook', async () => ({ status: 'ok' }));
await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${app.server.address().port}` })}\n`);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
