import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { pipeline, type Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import {
  assertAllowedLiteral,
  BlockedAddressError,
  guardedLookup,
  type AddressGuard,
} from '../../common/net/public-address.js';

/** Why a fetch failed; a bounded set, used as a metric label. */
export type FetchFailureReason =
  | 'http_error'
  | 'timeout'
  | 'network'
  | 'too_large'
  | 'too_many_redirects'
  | 'bad_redirect'
  | 'not_calendar'
  | 'suspicious_empty'
  | 'blocked_address';

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
  /** null: any address (the sandbox feeds on loopback); otherwise only addresses the guard allows. */
  guard: AddressGuard | null;
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
 *
 * With an address guard (production), every hop may only connect to addresses it allows: IP
 * literals are checked before connecting, names in the socket's own DNS lookup, so neither a
 * redirect nor a DNS answer that changed since the feed was added reaches the private network.
 */
export async function fetchFeed(url: string, options: FetchOptions): Promise<FetchResult> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  const headers: Record<string, string> = {
    'user-agent': USER_AGENT,
    accept: 'text/calendar, text/plain;q=0.9, */*;q=0.5',
    'accept-encoding': 'gzip, deflate, br',
  };
  if (options.etag) headers['if-none-match'] = options.etag;
  if (options.lastModified) headers['if-modified-since'] = options.lastModified;
  const lookup = options.guard ? guardedLookup(options.guard) : undefined;
  try {
    let target = new URL(url);
    for (let hop = 0; ; hop++) {
      if (!['http:', 'https:'].includes(target.protocol)) {
        throw new FeedFetchError('bad_redirect', 'Redirect without an http(s) location');
      }
      if (options.guard) assertAllowedLiteral(target.hostname, options.guard);
      const response = await get(target, headers, signal, lookup);
      const status = response.statusCode ?? 0;
      if (REDIRECTS.has(status)) {
        response.destroy();
        const location = response.headers.location;
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
      if (status === 304) {
        response.destroy();
        return { kind: 'not_modified' };
      }
      if (status !== 200) {
        response.destroy();
        throw new FeedFetchError('http_error', `HTTP ${status}`);
      }
      const body = await readCapped(response, options.maxBytes);
      return {
        kind: 'fetched',
        body,
        etag: header(response, 'etag'),
        lastModified: header(response, 'last-modified'),
      };
    }
  } catch (error) {
    if (error instanceof FeedFetchError) throw error;
    if (error instanceof BlockedAddressError) {
      throw new FeedFetchError(
        'blocked_address',
        `Not fetched: ${error.message}; only public internet addresses are allowed`,
      );
    }
    if (signal.aborted)
      throw new FeedFetchError('timeout', `No complete answer within ${options.timeoutMs} ms`);
    throw new FeedFetchError('network', `Network error: ${(error as Error).message}`);
  }
}

/** One GET, answered once the status line and headers are in; the body is left to the caller. */
function get(
  target: URL,
  headers: Record<string, string>,
  signal: AbortSignal,
  lookup: LookupFunction | undefined,
): Promise<IncomingMessage> {
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    // agent: false: a fresh connection per hop, so the lookup (and its check) runs for every one.
    const request = send(target, { method: 'GET', headers, signal, lookup, agent: false }, resolve);
    request.on('error', reject);
    request.end();
  });
}

function header(response: IncomingMessage, name: string): string | null {
  const value = response.headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

/** The body as sent, undone from the content encoding we offered. */
function decoded(response: IncomingMessage): Readable {
  const encoding = (header(response, 'content-encoding') ?? 'identity').trim().toLowerCase();
  const decoder =
    encoding === 'gzip' || encoding === 'x-gzip'
      ? createGunzip()
      : encoding === 'deflate'
        ? createInflate()
        : encoding === 'br'
          ? createBrotliDecompress()
          : null;
  if (encoding !== 'identity' && !decoder) {
    response.destroy();
    throw new FeedFetchError('http_error', `Unsupported content encoding ${encoding.slice(0, 40)}`);
  }
  if (!decoder) return response;
  // pipeline destroys both sides on an error in either (the deadline aborting the response included).
  pipeline(response, decoder, () => undefined);
  return decoder;
}

async function readCapped(response: IncomingMessage, maxBytes: number): Promise<string> {
  const declared = Number(header(response, 'content-length') ?? NaN);
  const tooLarge = () => new FeedFetchError('too_large', `Body larger than ${maxBytes} bytes`);
  if (declared > maxBytes) {
    response.destroy();
    throw tooLarge();
  }
  const body = decoded(response);
  const chunks: Buffer[] = [];
  let total = 0;
  // The cap counts decoded bytes: a small compressed body can still inflate to gigabytes.
  for await (const chunk of body as AsyncIterable<Buffer>) {
    total += chunk.byteLength;
    if (total > maxBytes) {
      body.destroy();
      response.destroy();
      throw tooLarge();
    }
    chunks.push(chunk);
  }
  // TextDecoder drops a leading UTF-8 BOM by default.
  return new TextDecoder('utf-8').decode(Buffer.concat(chunks));
}
