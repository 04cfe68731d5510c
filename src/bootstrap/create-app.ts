import type { IncomingMessage } from 'node:http';
import { RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppModule } from '../app.module.js';
import type { AppConfig } from '../config/app-config.js';
import { createValidationPipe } from '../common/http/validation.js';
import { HttpObservability } from '../common/http/http-observability.js';
import { acceptTraceId } from '../common/trace/trace-context.js';

export const API_PREFIX = 'api/v1';

/** Builds the whole application without listening; shared by main.ts, the CLI tools and the e2e tests. */
export async function createApp(config: AppConfig): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.http.bodyLimitBytes,
    trustProxy: config.http.trustProxy,
    // The request id is the trace id: the caller's when it is a safe token, a fresh UUID otherwise.
    genReqId: (req: IncomingMessage) => acceptTraceId(req.headers['x-trace-id']),
    requestIdHeader: false,
    return503OnClosing: true,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    rawBody: true,
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.flushLogs();

  app.get(HttpObservability).attach(app.getHttpAdapter().getInstance());

  app.setGlobalPrefix(API_PREFIX, { exclude: [{ path: 'metrics', method: RequestMethod.GET }] });
  app.useGlobalPipes(createValidationPipe());

  const openApi = new DocumentBuilder()
    .setTitle('Estadía API')
    .setDescription('Bookings over WhatsApp for holiday rentals: admin, webhooks and probes')
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, openApi));
  return app;
}
