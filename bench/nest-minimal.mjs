// NestJS on Fastify with one controller and nothing else: the floor for the whole stack.
import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';

class Probe {
  livez() {
    return { status: 'ok' };
  }
}
Get('livez')(Probe.prototype, 'livez', Object.getOwnPropertyDescriptor(Probe.prototype, 'livez'));
Controller('api/v1')(Probe);
class AppModule {}
Module({ controllers: [Probe] })(AppModule);

const app = await NestFactory.create(AppModule, new FastifyAdapter(), { logger: false });
await app.listen({ port: 0, host: '127.0.0.1' });
const { port } = app.getHttpServer().address();
process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}` })}\n`);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
