import type { IncomingMessage, ServerResponse } from 'node:http';
import { json, LoopbackServer, readBody, type SimulatedFailure } from './loopback-server.js';

export interface RecordedTranscriptionRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** The multipart fields as sent; `file` is described, not kept as a Blob. */
  fields: Record<string, string>;
  file?: { name: string; type: string; bytes: Buffer };
  at: Date;
  /** What the fake answered; undefined while it hangs (a simulated timeout). */
  status?: number;
}

export type FakeTranscriptionFailure = SimulatedFailure;

export interface FakeTranscriptionOptions {
  /** When set, requests without `Authorization: Bearer <apiKey>` get a 401. */
  apiKey?: string;
  /** How long every transcription takes, as a real model would (the benchmark uses 1000). */
  delayMs?: number;
}

/** What the fake "hears" in audio it cannot read as text: a plain booking question. */
export const DEFAULT_TRANSCRIPT = 'hola, ¿qué lugares tienen libres para este fin de semana?';

/**
 * A loopback fake of the OpenAI-compatible `POST /audio/transcriptions`, so the sandbox and tests go
 * through the real transcription client. Audio bytes that are printable UTF-8 are "heard" as that
 * text, which lets a test or the chat speak by uploading words.
 */
export class FakeTranscriptionApi extends LoopbackServer<
  FakeTranscriptionFailure,
  RecordedTranscriptionRequest
> {
  readonly requests: RecordedTranscriptionRequest[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private paused: { promise: Promise<void>; release: () => void } | undefined;
  private readonly transcripts = new Map<string, string>();
  private readonly apiKey: string | undefined;
  private readonly delayMs: number;

  constructor(options: FakeTranscriptionOptions = {}) {
    super();
    this.apiKey = options.apiKey;
    this.delayMs = options.delayMs ?? 0;
  }

  /** Base URL, as TRANSCRIPTION_API_URL expects it (the client appends `/audio/transcriptions`). */
  get url(): string {
    return `${this.origin}/v1`;
  }

  override async stop(): Promise<void> {
    this.resume();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await super.stop();
  }

  /**
   * Holds every answer until `resume()`, so a test can have a transcription "in progress" for as
   * long as it needs without relying on timings.
   */
  pause(): void {
    if (this.paused) return;
    let release!: () => void;
    const promise = new Promise<void>((resolve) => (release = resolve));
    this.paused = { promise, release };
  }

  resume(): void {
    this.paused?.release();
    this.paused = undefined;
  }

  override reset(): void {
    this.resume();
    super.reset();
  }

  clearRequests(): void {
    this.requests.length = 0;
  }

  /** What the fake answers for exactly these audio bytes. */
  setTranscript(bytes: Buffer, text: string): void {
    this.transcripts.set(bytes.toString('base64'), text);
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', this.origin);
    const recorded: RecordedTranscriptionRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      headers: req.headers,
      fields: {},
      at: new Date(),
    };
    this.requests.push(recorded);
    res.on('finish', () => {
      recorded.status = res.statusCode;
    });

    if (req.method !== 'POST' || !url.pathname.endsWith('/audio/transcriptions')) {
      return apiError(res, 404, 'Unknown endpoint', 'invalid_request_error');
    }
    if (this.apiKey && req.headers.authorization !== `Bearer ${this.apiKey}`) {
      return apiError(res, 401, 'Incorrect API key provided', 'invalid_request_error');
    }
    const failed = this.injectFailure(recorded, res, (failure) =>
      apiError(
        res,
        failure.status,
        failure.message ?? 'Simulated failure',
        failure.status === 429
          ? 'rate_limit_error'
          : failure.status >= 500
            ? 'server_error'
            : 'invalid_request_error',
      ),
    );
    if (failed) return;

    let form: FormData;
    try {
      form = await parseMultipart(raw, req.headers['content-type']);
    } catch {
      return apiError(res, 400, 'Could not parse multipart form', 'invalid_request_error');
    }
    let file: File | undefined;
    for (const [name, value] of form.entries()) {
      if (typeof value === 'string') recorded.fields[name] = value;
      else if (name === 'file') file = value;
    }
    if (file) {
      recorded.file = { name: file.name, type: file.type, bytes: Buffer.from(await file.arrayBuffer()) };
    }
    for (const required of ['model', 'language'] as const) {
      if (!recorded.fields[required]) {
        return apiError(res, 400, `you must provide a ${required} parameter`, 'invalid_request_error');
      }
    }
    if (!recorded.file || recorded.file.bytes.length === 0) {
      return apiError(res, 400, 'you must provide a file parameter', 'invalid_request_error');
    }

    const text = this.transcriptOf(recorded.file.bytes);
    if (this.paused) await this.paused.promise;
    if (this.delayMs > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          resolve();
        }, this.delayMs);
        this.timers.add(timer);
      });
    }
    if (!res.destroyed) json(res, 200, { text });
  }

  private transcriptOf(bytes: Buffer): string {
    const registered = this.transcripts.get(bytes.toString('base64'));
    if (registered !== undefined) return registered;
    const asText = printableUtf8(bytes);
    return asText ?? DEFAULT_TRANSCRIPT;
  }
}

/** The bytes as text when they are valid UTF-8 with no control characters other than whitespace. */
function printableUtf8(bytes: Buffer): string | undefined {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text)) return undefined;
  const trimmed = text.trim();
  return trimmed.length > 0 ? trimmed : undefined;
}

/** Node's own multipart parser (the one behind `Response.formData()`), so the fake needs no dependency. */
async function parseMultipart(raw: Buffer, contentType: string | undefined): Promise<FormData> {
  if (!contentType?.startsWith('multipart/form-data')) throw new Error('not multipart');
  return new Response(new Uint8Array(raw), { headers: { 'content-type': contentType } }).formData();
}

function apiError(res: ServerResponse, status: number, message: string, type: string): void {
  json(res, status, { error: { message, type, param: null, code: null } });
}
