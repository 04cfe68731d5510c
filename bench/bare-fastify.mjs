// The reference point for bench/webhook.mjs and bench/http.mjs: bare Fastify endpoints, nothing else.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.post('/hook', async () => ({ status: 'ok' }));
// The probe of bench/http.mjs: the same answer as /api/v1/livez, with nothing around it.
app.get('/livez', async () => ({ status: 'alive' }));
await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${app.server.address().port}` })}\n`);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
