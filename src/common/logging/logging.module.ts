import { Module, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { IncomingMessage } from 'node:http';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { currentTraceId } from '../trace/trace-context.js';
import { REDACTED_PATHS } from './redaction.js';
import { isQuietPath } from '../http/quiet-paths.js';

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
          genReqId: () => currentTraceId() ?? 'none',
          redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
          autoLogging: { ignore: (req: IncomingMessage) => isQuietPath(req.url ?? '') },
          quietReqLogger: true,
          serializers: {
            req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url }),
            res: (res: { statusCode: number }) => ({ status_code: res.statusCode }),
          },
          formatters: { level: (label: string) => ({ level: label }) },
        },
        forRoutes: [{ path: '*splat', method: RequestMethod.ALL }],
        exclude: [
          { path: 'livez', method: RequestMethod.GET },
          { path: 'readyz', method: RequestMethod.GET },
          { path: 'metrics', method: RequestMethod.GET },
        ],
      }),
    }),
  ],
})
export class LoggingModule {}
