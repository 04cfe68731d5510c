import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoopbackServer, type SimulatedFailure } from './loopback-server.js';

export interface RecordedFeedRequest {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  at: Date;
  /** What the fake answered; undefined while it hangs (a simulated timeout). */
  status?: number;
}

/** Bad 200 answers of a channel's feed server (HTTP errors and timeouts go through `fail()`). */
export type BadFeedBody =
  /** A 200 whose body is this many bytes (a wrong URL serving a video, an attack). */
  | { kind: 'huge'; bytes: number }
  /** A 200 with an HTML login page instead of a calendar (a revoked or rotated URL). */
  | { kind: 'html' }
  /** A 200 with an empty body. */
  | { kind: 'empty' };

interface Feed {
  /** A function is called per request (a feed whose dates move with the clock). */
  body: string | (() => string);
  contentType: string;
  etag?: string;
  lastModified?: string;
}

/**
 * A loopback stand-in for Airbnb / Booking.com / Google calendar exports: serves the `.ics` bodies a
 * test sets per path, honours If-None-Match / If-Modified-Since with 304, follows `redirect()` rules,
 * and injects the faults above. Unknown paths answer 404, as a deleted export URL would.
 */
export class FakeIcalFeeds extends LoopbackServer<SimulatedFailure, RecordedFeedRequest> {
  readonly requests: RecordedFeedRequest[] = [];
  private readonly feeds = new Map<string, Feed>();
  private readonly redirects = new Map<string, string>();
  private badBody: { body: BadFeedBody; remaining: number } | undefined;

  get url(): string {
    return this.origin;
  }

  /** The full URL of a feed path, e.g. `feedUrl('/airbnb/1.ics')`. */
  feedUrl(path: string): string {
    return `${this.origin}${path}`;
  }

  /** Serves `body` at `path`; with `etag` / `lastModified`, conditional requests get a 304. */
  setFeed(path: string, body: string | (() => string), options: Partial<Omit<Feed, 'body'>> = {}): void {
    this.feeds.set(path, {
      body,
      contentType: options.contentType ?? 'text/calendar; charset=utf-8',
      ...options,
    });
  }

  removeFeed(path: string): void {
    this.feeds.delete(path);
  }

  /** `from` answers 302 to `to` (a path on this fake or a full URL). */
  redirect(from: string, to: string): void {
    this.redirects.set(from, to);
  }

  /** The next `times` feed requests (all until `reset()` when omitted) get this 200 instead. */
  corrupt(body: BadFeedBody, times = Infinity): void {
    this.badBody = { body, remaining: times };
  }

  override reset(): void {
    this.badBody = undefined;
    super.reset();
  }

  requestsTo(path: string): RecordedFeedRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  clearRequests(): void {
    this.requests.length = 0;
  }

  protected handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', this.origin).pathname;
    const recorded: RecordedFeedRequest = { path, headers: req.headers, at: new Date() };
    this.requests.push(recorded);
    res.on('finish', () => {
      recorded.status = res.statusCode;
    });
    const failed = this.injectFailure(recorded, res, (failure) =>
      res
        .writeHead(failure.status, { 'content-type': 'text/html' })
        .end(`<html>${failure.message ?? 'Error'}</html>`),
    );
    if (failed) return Promise.resolve();
    if (this.badBody && this.badBody.remaining > 0) {
      const bad = this.badBody.body;
      if (--this.badBody.remaining <= 0) this.badBody = undefined;
      this.answerBadBody(res, bad);
      return Promise.resolve();
    }
    const target = this.redirects.get(path);
    if (target) {
      res.writeHead(302, { location: target }).end();
      return Promise.resolve();
    }
    const feed = this.feeds.get(path);
    if (req.method !== 'GET' || !feed) {
      res.writeHead(404, { 'content-type': 'text/html' }).end('<html><body>Not found</body></html>');
      return Promise.resolve();
    }
    const validators: Record<string, string> = {};
    if (feed.etag) validators.etag = feed.etag;
    if (feed.lastModified) validators['last-modified'] = feed.lastModified;
    const unchanged =
      (feed.etag !== undefined && req.headers['if-none-match'] === feed.etag) ||
      (feed.etag === undefined &&
        feed.lastModified !== undefined &&
        req.headers['if-modified-since'] === feed.lastModified);
    if (unchanged) {
      res.writeHead(304, validators).end();
      return Promise.resolve();
    }
    const body = typeof feed.body === 'function' ? feed.body() : feed.body;
    res
      .writeHead(200, {
        'content-type': feed.contentType,
        'content-length': Buffer.byteLength(body),
        ...validators,
      })
      .end(body);
    return Promise.resolve();
  }

  private answerBadBody(res: ServerResponse, failure: BadFeedBody): void {
    switch (failure.kind) {
      case 'huge': {
        // Streamed without a content-length, so the client has to count what it reads.
        res.writeHead(200, { 'content-type': 'text/calendar' });
        const chunk = Buffer.alloc(64 * 1024, 'X');
        let left = failure.bytes;
        const write = (): void => {
          while (left > 0) {
            const part = left >= chunk.length ? chunk : chunk.subarray(0, left);
            left -= part.length;
            if (!res.write(part)) {
              res.once('drain', write);
              return;
            }
          }
          res.end();
        };
        res.on('close', () => {
          left = 0;
        });
        write();
        return;
      }
      case 'html':
        res
          .writeHead(200, { 'content-type': 'text/html' })
          .end('<!doctype html><html><body><form>Log in</form></body></html>');
        return;
      case 'empty':
        res.writeHead(200, { 'content-type': 'text/calendar', 'content-length': 0 }).end();
        return;
    }
  }
}
