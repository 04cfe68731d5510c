import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { FeedFetchError, fetchFeed, type FetchOptions } from '../../../src/calendar/ical/feed-fetcher.js';
import {
  isPublicAddress,
  PUBLIC_ADDRESSES_ONLY,
  type AddressGuard,
} from '../../../src/common/net/public-address.js';
import { FakeIcalFeeds } from '../../../src/sandbox/fake-ical-feeds.js';

const CAL = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n';

describe('fetchFeed against the fake feed server', () => {
  const fake = new FakeIcalFeeds();
  const options: FetchOptions = {
    timeoutMs: 2_000,
    maxBytes: 64 * 1024,
    maxRedirects: 2,
    etag: null,
    lastModified: null,
    guard: null,
  };
  const reason = async (promise: Promise<unknown>) => {
    try {
      await promise;
    } catch (error) {
      return error instanceof FeedFetchError ? error.reason : `unexpected ${(error as Error).message}`;
    }
    return 'resolved';
  };

  beforeAll(() => fake.start());
  afterAll(() => fake.stop());
  afterEach(() => {
    fake.reset();
    fake.clearRequests();
  });

  it('fetches a body, strips a BOM and keeps the validators', async () => {
    fake.setFeed('/a.ics', `\uFEFF${CAL}`, { etag: '"v1"', lastModified: 'Wed, 25 Nov 2026 10:00:00 GMT' });
    expect(await fetchFeed(fake.feedUrl('/a.ics'), options)).toEqual({
      kind: 'fetched',
      body: CAL,
      etag: '"v1"',
      lastModified: 'Wed, 25 Nov 2026 10:00:00 GMT',
    });
    expect(fake.requests[0].headers['user-agent']).toMatch(/Estadia/);
  });

  it('sends If-None-Match / If-Modified-Since and reads 304 as unchanged', async () => {
    fake.setFeed('/b.ics', CAL, { etag: '"v2"' });
    expect(await fetchFeed(fake.feedUrl('/b.ics'), { ...options, etag: '"v2"' })).toEqual({
      kind: 'not_modified',
    });
    fake.setFeed('/c.ics', CAL, { lastModified: 'Wed, 25 Nov 2026 10:00:00 GMT' });
    expect(
      await fetchFeed(fake.feedUrl('/c.ics'), { ...options, lastModified: 'Wed, 25 Nov 2026 10:00:00 GMT' }),
    ).toEqual({ kind: 'not_modified' });
    expect(fake.requestsTo('/c.ics')[0].headers['if-modified-since']).toBe('Wed, 25 Nov 2026 10:00:00 GMT');
  });

  it('follows a short redirect chain and refuses a longer one', async () => {
    fake.setFeed('/final.ics', CAL);
    fake.redirect('/r1', '/final.ics');
    fake.redirect('/r2', '/r1');
    fake.redirect('/r3', '/r2');
    expect((await fetchFeed(fake.feedUrl('/r2'), options)).kind).toBe('fetched');
    expect(await reason(fetchFeed(fake.feedUrl('/r3'), options))).toBe('too_many_redirects');
    fake.redirect('/ftp', 'ftp://127.0.0.1/x.ics');
    expect(await reason(fetchFeed(fake.feedUrl('/ftp'), options))).toBe('bad_redirect');
  });

  it('turns 5xx and 404 into http_error', async () => {
    fake.setFeed('/d.ics', CAL);
    fake.fail({ kind: 'status', status: 503 }, 1);
    expect(await reason(fetchFeed(fake.feedUrl('/d.ics'), options))).toBe('http_error');
    expect(await reason(fetchFeed(fake.feedUrl('/missing.ics'), options))).toBe('http_error');
  });

  it('gives up at the timeout', async () => {
    fake.setFeed('/e.ics', CAL);
    fake.fail({ kind: 'timeout' }, 1);
    expect(await reason(fetchFeed(fake.feedUrl('/e.ics'), { ...options, timeoutMs: 200 }))).toBe('timeout');
  });

  it('stops reading past the size cap, declared or streamed', async () => {
    fake.setFeed('/f.ics', CAL);
    fake.corrupt({ kind: 'huge', bytes: 1024 * 1024 }, 1);
    expect(await reason(fetchFeed(fake.feedUrl('/f.ics'), options))).toBe('too_large');
    fake.setFeed('/g.ics', `BEGIN:VCALENDAR\r\n${'X'.repeat(70 * 1024)}\r\nEND:VCALENDAR\r\n`);
    expect(await reason(fetchFeed(fake.feedUrl('/g.ics'), options))).toBe('too_large');
  });

  it('reports a refused connection as a network error', async () => {
    expect(await reason(fetchFeed('http://127.0.0.1:9/x.ics', options))).toBe('network');
  });

  it('decodes a gzip body and applies the size cap to what it inflates to', async () => {
    const server = createServer((req, res) => {
      const body = req.url === '/bomb' ? gzipSync(Buffer.alloc(1024 * 1024, 'X')) : gzipSync(CAL);
      res.writeHead(200, { 'content-type': 'text/calendar', 'content-encoding': 'gzip' }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      expect(await fetchFeed(`${base}/ok`, options)).toMatchObject({ kind: 'fetched', body: CAL });
      expect(await reason(fetchFeed(`${base}/bomb`, options))).toBe('too_large');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('fetchFeed with an address guard (ICAL_ALLOW_PRIVATE_ADDRESSES off)', () => {
  const fake = new FakeIcalFeeds();
  /** A second feed server on another loopback address, standing for a host on the private network. */
  let internal: Server;
  let internalUrl: string;
  let internalHits = 0;
  const options: FetchOptions = {
    timeoutMs: 10_000, // generous: a loaded CI machine must not turn a refusal into a timeout
    maxBytes: 64 * 1024,
    maxRedirects: 3,
    etag: null,
    lastModified: null,
    guard: PUBLIC_ADDRESSES_ONLY,
  };
  /** The test's "public internet" is the fake on 127.0.0.1; every other non-public address stays blocked. */
  const fakeIsPublic: AddressGuard = { allows: (ip) => ip === '127.0.0.1' || isPublicAddress(ip) };
  const failure = async (promise: Promise<unknown>) => {
    try {
      await promise;
    } catch (error) {
      if (error instanceof FeedFetchError) return { reason: error.reason, message: error.message };
      return { reason: `unexpected ${(error as Error).message}` };
    }
    return { reason: 'resolved' };
  };

  beforeAll(async () => {
    await fake.start();
    internal = createServer((_req, res) => {
      internalHits++;
      res.writeHead(200, { 'content-type': 'text/calendar' }).end(CAL);
    });
    await new Promise<void>((resolve) => internal.listen(0, '127.0.0.2', resolve));
    internalUrl = `http://127.0.0.2:${(internal.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await fake.stop();
    await new Promise((resolve) => internal.close(resolve));
  });
  beforeEach(() => {
    internalHits = 0;
    fake.reset();
    fake.clearRequests();
  });

  it('never connects to a loopback address, literal or by name', async () => {
    fake.setFeed('/a.ics', CAL);
    const port = new URL(fake.url).port;
    for (const url of [
      fake.feedUrl('/a.ics'),
      `http://localhost:${port}/a.ics`,
      `http://[::ffff:127.0.0.1]:${port}/a.ics`,
      `http://2130706433:${port}/a.ics`,
    ]) {
      expect(await failure(fetchFeed(url, options))).toEqual({
        reason: 'blocked_address',
        message: expect.stringMatching(/private or local network address; only public internet/),
      });
    }
    expect(fake.requests).toEqual([]);
    // The same URL with private addresses allowed (development) is fetched.
    expect((await fetchFeed(fake.feedUrl('/a.ics'), { ...options, guard: null })).kind).toBe('fetched');
  });

  it('checks every redirect hop: a public feed redirecting inside is not followed', async () => {
    fake.redirect('/public.ics', `${internalUrl}/calendar.ics`);
    expect(
      await failure(fetchFeed(fake.feedUrl('/public.ics'), { ...options, guard: fakeIsPublic })),
    ).toEqual({
      reason: 'blocked_address',
      message:
        'Not fetched: 127.0.0.2 is a private or local network address; only public internet addresses are allowed',
    });
    expect(fake.requestsTo('/public.ics')).toHaveLength(1);
    expect(internalHits).toBe(0);
    // Control: without the guard the same chain does reach the internal server.
    expect((await fetchFeed(fake.feedUrl('/public.ics'), { ...options, guard: null })).kind).toBe('fetched');
    expect(internalHits).toBe(1);
  });

  it('checks the address each connection resolves to, so a changed DNS answer is refused', async () => {
    fake.setFeed('/feed.ics', CAL);
    const answers = ['127.0.0.1', '127.0.0.2'];
    const guard: AddressGuard = {
      allows: fakeIsPublic.allows,
      // A name that first resolves to the "public" fake, then (rebinding) to the internal host.
      resolve: ((_host: string, _options: object, callback: (...args: unknown[]) => void) =>
        callback(null, [{ address: answers.shift()!, family: 4 }])) as unknown as AddressGuard['resolve'],
    };
    const port = new URL(fake.url).port;
    expect(
      (await fetchFeed(`http://calendar.channel.test:${port}/feed.ics`, { ...options, guard })).kind,
    ).toBe('fetched');
    expect(
      await failure(fetchFeed(`http://calendar.channel.test:${port}/feed.ics`, { ...options, guard })),
    ).toEqual({
      reason: 'blocked_address',
      message: expect.stringContaining(
        'calendar.channel.test resolves to a private or local network address',
      ),
    });
    expect(fake.requestsTo('/feed.ics')).toHaveLength(1);
    expect(internalHits).toBe(0);
  });

  it('refuses a name with any private answer, even next to a public one', async () => {
    const guard: AddressGuard = {
      allows: isPublicAddress,
      resolve: ((_host: string, _options: object, callback: (...args: unknown[]) => void) =>
        callback(null, [
          { address: '93.184.215.14', family: 4 },
          { address: '169.254.169.254', family: 4 },
        ])) as unknown as AddressGuard['resolve'],
    };
    expect(
      await failure(fetchFeed('http://metadata.channel.test/feed.ics', { ...options, guard })),
    ).toMatchObject({
      reason: 'blocked_address',
    });
  });
});
