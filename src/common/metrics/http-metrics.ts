import { makeHistogramProvider } from '@willsoto/nestjs-prometheus';

export const HTTP_REQUEST_DURATION = 'http_request_duration_seconds';

export const httpDurationProvider = makeHistogramProvider({
  name: HTTP_REQUEST_DURATION,
  help: 'HTTP request latency by method, route template and status code',
  labelNames: ['method', 'route', 'status_code'],
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
});
