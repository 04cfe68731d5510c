import { Module, RequestMethod } from '@nestjs/common';
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
          genReqId: () => currentTraceId() ?? 'none',
          customAttributeKeys: { reqId: 'request_id' },
          redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
          quietReqLogger: true,
          serializers: {
            req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url }),
            res: (res: { statusCode: number }) => ({ status_code: res.statusCode }),
          },
          formatters: { level: (label: string) => ({ level: label }) },
        },
        forRoutes: [{ path: '*splat', method: RequestMethod.ALL }],
        // Probes and scrapes run every few seconds: logging them would be noise and cost throughput.
        exclude: [
          { path: 'livez', method: RequestMethod.GET },
          { path: 'readyz', method: RequestMethod.GET },
          { path: 'healthz', method: RequestMethod.GET },
          { path: 'metrics', method: RequestMethod.GET },
        ],
      }),
    }),
  ],
})
export class LoggingModule {}
