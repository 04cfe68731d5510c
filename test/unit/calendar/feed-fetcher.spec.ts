import { FeedFetchError, fetchFeed, type FetchOptions } from '../../../src/calendar/ical/feed-fetcher.js';
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
});
