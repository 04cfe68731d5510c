/** Why a fetch failed; a bounded set, used as a metric label. */
export type FetchFailureReason =
  | 'http_error'
  | 'timeout'
  | 'network'
  | 'too_large'
  | 'too_many_redirects'
  | 'bad_redirect'
  | 'not_calendar'
  | 'suspicious_empty';

export class FeedFetchError extends Error {
  override name = 'FeedFetchError';
  constructor(
    readonly reason: FetchFailureReason,
    message: string,
  ) {
    super(message);
  }
}

export interface FetchOptions {
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  etag: string | null;
  lastModified: string | null;
}

export type FetchResult =
  | { kind: 'not_modified' }
  | { kind: 'fetched'; body: string; etag: string | null; lastModified: string | null };

const USER_AGENT = 'Estadia-iCal-Sync/1.0';
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * GET with a deadline over the whole exchange (redirects and body included), a byte cap read as the
 * body streams in, a short redirect chain limited to http(s), and the conditional headers from the
 * last good fetch. Any answer but 200 or 304 is a failure: a revoked URL must never look empty.
 */
export async function fetchFeed(url: string, options: FetchOptions): Promise<FetchResult> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  const headers: Record<string, string> = {
    'user-agent': USER_AGENT,
    accept: 'text/calendar, text/plain;q=0.9, */*;q=0.5',
  };
  if (options.etag) headers['if-none-match'] = options.etag;
  if (options.lastModified) headers['if-modified-since'] = options.lastModified;
  try {
    let target = new URL(url);
    for (let hop = 0; ; hop++) {
      const response = await fetch(target, { headers, redirect: 'manual', signal });
      if (REDIRECTS.has(response.status)) {
        await response.body?.cancel();
        const location = response.headers.get('location');
        if (hop >= options.maxRedirects) {
          throw new FeedFetchError('too_many_redirects', `More than ${options.maxRedirects} redirects`);
        }
        const next = location ? new URL(location, target) : null;
        if (!next || !['http:', 'https:'].includes(next.protocol)) {
          throw new FeedFetchError('bad_redirect', 'Redirect without an http(s) location');
        }
        target = next;
        continue;
      }
      if (response.status === 304) {
        await response.body?.cancel();
        return { kind: 'not_modified' };
      }
      if (response.status !== 200) {
        await response.body?.cancel();
        throw new FeedFetchError('http_error', `HTTP ${response.status}`);
      }
      const body = await readCapped(response, options.maxBytes);
      return {
        kind: 'fetched',
        body,
        etag: response.headers.get('etag'),
        lastModified: response.headers.get('last-modified'),
      };
    }
  } catch (error) {
    if (error instanceof FeedFetchError) throw error;
    if (signal.aborted)
      throw new FeedFetchError('timeout', `No complete answer within ${options.timeoutMs} ms`);
    throw new FeedFetchError('network', `Network error: ${(error as Error).message}`);
  }
}

async function readCapped(response: Response, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  const tooLarge = () => new FeedFetchError('too_large', `Body larger than ${maxBytes} bytes`);
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw tooLarge();
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  if (response.body) {
    for await (const chunk of response.body) {
      total += chunk.byteLength;
      if (total > maxBytes) {
        await response.body.cancel().catch(() => undefined);
        throw tooLarge();
      }
      chunks.push(chunk);
    }
  }
  // TextDecoder drops a leading UTF-8 BOM by default.
  return new TextDecoder('utf-8').decode(Buffer.concat(chunks));
}
