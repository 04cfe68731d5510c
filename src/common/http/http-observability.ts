import { Injectable, Logger } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Histogram } from 'prom-client';
import { ForegroundPriority } from '../background/foreground-priority.js';
import { HTTP_REQUEST_DURATION } from '../metrics/http-metrics.js';
import { runWithTrace } from '../trace/trace-context.js';
import './quiet.decorator.js';

/**
 * Trace context, access log and latency histogram, as two Fastify hooks. Hooks rather than Nest
 * middleware or interceptors: they see 404s, 413s and guard rejections too, and they cost a fraction
 * of a middleware pass (measured: the pino-http middleware alone was a quarter of a probe's CPU).
 */
@Injectable()
export class HttpObservability {
  private readonly logger = new Logger('HTTP');

  constructor(
    @InjectMetric(HTTP_REQUEST_DURATION) private readonly histogram: Histogram<string>,
    private readonly foreground: ForegroundPriority,
  ) {}

  attach(fastify: FastifyInstance): void {
    fastify.addHook('onRequest', (request, reply, done) => {
      this.foreground.requestStarted();
      // The request id is the trace id (genReqId); every response carries it back.
      void reply.header('x-trace-id', request.id);
      // A probe logs nothing, so it needs no trace context: entering one costs a probe a sixth of its time.
      if (request.routeOptions.config?.quiet === true) done();
      else runWithTrace(request.id, done);
    });
    fastify.addHook('onResponse', (request, reply, done) => {
      if (request.routeOptions.config?.quiet !== true) this.record(request, reply);
      done();
    });
  }

  private record(request: FastifyRequest, reply: FastifyReply): void {
    // The route template keeps the label set bounded; unmatched URLs share one value.
    const route = request.routeOptions.url ?? 'unmatched';
    const status = reply.statusCode;
    this.histogram.observe(
      { method: request.method, route, status_code: String(status) },
      reply.elapsedTime / 1000,
    );
    const line = {
      trace_id: request.id,
      method: request.method,
      // Without the query string: it can carry tokens (the WhatsApp verification handshake does).
      url: request.url.split('?', 1)[0],
      route,
      status_code: status,
      duration_ms: Math.round(reply.elapsedTime * 10) / 10,
    };
    if (status >= 500) this.logger.error(line, 'request_completed');
    else this.logger.log(line, 'request_completed');
  }
}
