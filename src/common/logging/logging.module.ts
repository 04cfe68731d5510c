import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { currentTraceId } from '../trace/trace-context.js';
import { REDACTED_PATHS } from './redaction.js';

@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        pinoHttp: {
          level: config.log.level,
          // Every line, in a request or in background work, carries the trace id of its context.
          mixin: () => {
            const traceId = currentTraceId();
            return traceId ? { trace_id: traceId } : {};
          },
          redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
          formatters: { level: (label: string) => ({ level: label }) },
        },
        // No pino-http middleware on any route: the access log is written by HttpObservability's
        // Fastify hook, and the trace id reaches every line through the mixin above. Only the root
        // logger configured here is used.
        forRoutes: [],
      }),
    }),
  ],
})
export class LoggingModule {}
