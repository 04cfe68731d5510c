/** Probes and scrapes run every few seconds; logging or rate-limiting them would only add noise. */
const QUIET = new Set(['/api/v1/livez', '/api/v1/readyz', '/api/v1/healthz', '/metrics']);

export function isQuietPath(url: string): boolean {
  const q = url.indexOf('?');
  return QUIET.has(q === -1 ? url : url.slice(0, q));
}
