import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** A failure a fake can be told to simulate; each fake adds the fields of its API's error body. */
export type SimulatedFailure =
  | { kind: 'status'; status: number; message?: string; retryAfterSeconds?: number }
  /** Never answers; the client's timeout has to end the call. */
  | { kind: 'timeout' };

/** What a fake saw of one request, kept for the test to inspect. */
export interface RecordedHttpRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON, or the raw text when it is not JSON (so a test can see what was sent). */
  body: unknown;
  at: Date;
  /** What the fake answered; undefined while it hangs (a simulated timeout). */
  status?: number;
}

/**
 * The HTTP server under each sandbox fake: listens on loopback (a random port by default), injects
 * the failures a test asks for, and stops at once, cutting open sockets and held-back answers.
 */
export abstract class LoopbackServer<
  Failure extends SimulatedFailure = SimulatedFailure,
  Recorded = unknown,
> {
  /** `http://127.0.0.1:<port>` once started. */
  protected origin = '';
  /** Answers held back on purpose (a simulated timeout); destroyed on stop. */
  private readonly hanging = new Set<ServerResponse>();
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private rule:
    { failure: Failure; remaining: number; match: ((request: Recorded) => boolean) | undefined } | undefined;

  /** The base URL the client under test is configured with. */
  abstract get url(): string;

  protected abstract handle(req: IncomingMessage, res: ServerResponse): Promise<void>;

  async start(port = 0): Promise<string> {
    const server = createServer((req, res) => void this.handle(req, res));
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    const address = server.address();
    this.origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}`;
    this.server = server;
    return this.url;
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.hanging.clear();
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = undefined;
  }

  /**
   * The next `times` calls fail this way (every call until `reset()` when omitted); with `match`,
   * only the calls it accepts (e.g. sends to one number).
   */
  fail(failure: Failure, times = Infinity, match?: (request: Recorded) => boolean): void {
    this.rule = { failure, remaining: times, match };
  }

  /** Back to answering normally; answers held back are cut. */
  reset(): void {
    this.rule = undefined;
    for (const res of this.hanging) res.destroy();
    this.hanging.clear();
  }

  /**
   * Applies the pending simulated failure to this request, if it matches: a timeout hangs, a status
   * gets `Retry-After` when asked and the body `answer` writes. True when the request was failed.
   */
  protected injectFailure(
    request: Recorded,
    res: ServerResponse,
    answer: (failure: Extract<Failure, { kind: 'status' }>) => void,
  ): boolean {
    const rule = this.rule;
    if (!rule || rule.remaining <= 0 || (rule.match && !rule.match(request))) return false;
    rule.remaining--;
    if (rule.remaining <= 0) this.rule = undefined;
    const failure = rule.failure;
    if (failure.kind === 'timeout') {
      this.hang(res);
      return true;
    }
    if (failure.retryAfterSeconds !== undefined)
      res.setHeader('retry-after', String(failure.retryAfterSeconds));
    answer(failure as Extract<Failure, { kind: 'status' }>);
    return true;
  }

  /** Keeps `res` unanswered until the client gives up or the fake stops. */
  private hang(res: ServerResponse): void {
    this.hanging.add(res);
    res.on('close', () => this.hanging.delete(res));
  }
}

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Reads and records a request; its `status` is filled in when the answer is written. */
export async function recordRequest(req: IncomingMessage, res: ServerResponse): Promise<RecordedHttpRequest> {
  const raw = await readBody(req);
  let body: unknown = raw.length > 0 ? raw.toString('utf8') : undefined;
  try {
    body = body === undefined ? undefined : JSON.parse(body as string);
  } catch {
    // Kept as text.
  }
  const recorded: RecordedHttpRequest = {
    method: req.method ?? 'GET',
    path: new URL(req.url ?? '/', 'http://fake').pathname,
    headers: req.headers,
    body,
    at: new Date(),
  };
  res.on('finish', () => {
    recorded.status = res.statusCode;
  });
  return recorded;
}

export function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
