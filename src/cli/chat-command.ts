import 'reflect-metadata';
import { setTimeout as sleep } from 'node:timers/promises';
import { clearLine, createInterface, cursorTo, type Interface } from 'node:readline';
import { parseArgs, styleText } from 'node:util';
import { ConfigError, loadConfig } from '../config/app-config.js';
import { USAGE_EXIT, type CliIo } from './cli-io.js';
import { ChatError, ChatSession, type BotReply } from './chat-session.js';

export const CHAT_USAGE = `Usage: npm run chat -- --phone <number> [--url <app URL>] [--name <profile name>]

A terminal chat with the running app (npm start) in which you are the WhatsApp guest <number>
(digits, e.g. 5491155580001). Each line you type, or each line of piped input, goes to the app as a
signed WhatsApp webhook; the bot's replies are shown as they reach the sandbox's fake Graph API.
A line starting with /voz is sent as a voice note saying the rest ("/voz hola, tenés lugar el finde?"):
the sandbox's transcription hears those words.
  --url   the app (default: http://127.0.0.1:$PORT, PORT defaulting to 3000)
  --name  your WhatsApp profile name (default: Ana)
`;

export interface ChatTiming {
  /** After the first reply to a message, this long without another means it was answered. */
  quietMs: number;
  /** Giving up on a reply to a message after this long. */
  replyTimeoutMs: number;
  /** Each long poll for replies waits at most this long. */
  pollWaitMs: number;
}

/** "/voz <words>": a voice note saying the words. */
const VOICE_NOTE = /^\/voz\s+(\S.*)$/i;

const TIMING: ChatTiming = { quietMs: 2_000, replyTimeoutMs: 15_000, pollWaitMs: 20_000 };

class UsageError extends Error {}

interface ChatOptions {
  phone: string;
  url?: string;
  name: string;
  help: boolean;
}

function readOptions(argv: string[]): ChatOptions {
  let values: { phone?: string; url?: string; name?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        phone: { type: 'string' },
        url: { type: 'string' },
        name: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return { phone: '', name: '', help: true };
  const phone = values.phone?.replace(/[\s-]/g, '');
  if (!phone) throw new UsageError('--phone is required');
  if (!/^\+?\d{8,15}$/.test(phone)) throw new UsageError(`--phone is not a phone number: ${values.phone}`);
  if (values.url !== undefined && !(/^https?:\/\//.test(values.url) && URL.canParse(values.url))) {
    throw new UsageError(`--url is not an http(s) URL: ${values.url}`);
  }
  return { phone: phone.replace(/^\+/, ''), url: values.url, name: values.name ?? 'Ana', help: false };
}

/** Reads the replies in the background and keeps count, so the sender can tell when they stop. */
class ReplyFeed {
  count = 0;
  lastAt = 0;
  failure: Error | null = null;
  private readonly abort = new AbortController();
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly session: ChatSession,
    private readonly timing: ChatTiming,
    private readonly show: (reply: BotReply) => void,
    private readonly onFailure: () => void,
  ) {}

  start(cursor: number): void {
    this.running = this.run(cursor);
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.running;
  }

  /** True once a reply arrived after the `count` seen at sending and then none for a while. */
  async settled(since: number, sentAt: number): Promise<boolean> {
    for (;;) {
      if (this.failure) return false;
      const now = Date.now();
      if (this.count > since && now - this.lastAt >= this.timing.quietMs) return true;
      if (now - sentAt >= this.timing.replyTimeoutMs) return this.count > since;
      await sleep(50);
    }
  }

  private async run(cursor: number): Promise<void> {
    while (!this.abort.signal.aborted) {
      try {
        const page = await this.session.replies(cursor, this.timing.pollWaitMs, this.abort.signal);
        for (const reply of page.messages) {
          this.count++;
          this.lastAt = Date.now();
          this.show(reply);
        }
        cursor = page.cursor;
      } catch (error) {
        if (this.abort.signal.aborted) return;
        this.failure = error as Error;
        this.onFailure();
        return;
      }
    }
  }
}

function replyText(reply: BotReply): string {
  if (reply.type === 'text') return reply.text ?? '';
  if (reply.type === 'image') {
    const caption = reply.image?.caption;
    return caption ? `[foto] ${caption}  ${reply.image?.link}` : `[foto] ${reply.image?.link}`;
  }
  return `[${reply.type}]`;
}

/** `npm run chat`: be a WhatsApp guest of the running app from a terminal. Resolves to the exit code. */
export async function runChat(io: CliIo, timing: ChatTiming = TIMING): Promise<number> {
  let options: ChatOptions;
  try {
    options = readOptions(io.argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`chat: ${error.message}\n\n${CHAT_USAGE}`);
    return USAGE_EXIT;
  }
  if (options.help) {
    io.stdout.write(CHAT_USAGE);
    return 0;
  }
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(io.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.stderr.write(`chat: ${error.message}\n`);
    return 1;
  }
  const url = (options.url ?? `http://127.0.0.1:${config.http.port}`).replace(/\/+$/, '');
  const session = new ChatSession({
    url,
    phone: options.phone,
    name: options.name,
    appSecret: config.whatsapp.appSecret,
    phoneNumberId: config.whatsapp.phoneNumberId,
  });
  let cursor: number;
  try {
    cursor = await session.connect();
  } catch (error) {
    session.close();
    if (!(error instanceof ChatError)) throw error;
    io.stderr.write(`chat: ${error.message}\n`);
    return 1;
  }

  const interactive = io.stdin.isTTY === true;
  const color = (io.stdout as { isTTY?: boolean }).isTTY === true && !io.env.NO_COLOR;
  const paint = (style: Parameters<typeof styleText>[0], text: string) =>
    color ? styleText(style, text, { validateStream: false }) : text;
  const you = paint(['bold', 'green'], 'you › ');
  const bot = paint(['bold', 'cyan'], 'bot › ');

  io.stdout.write(
    `${paint('bold', 'Estadía chat')}: you are +${options.phone} (${options.name}), talking to the bot at ${url}\n` +
      (interactive
        ? 'Type a message and press Enter; Ctrl+D or Ctrl+C quits.\n\n'
        : 'Sending each line of standard input, one at a time.\n\n'),
  );

  const lines: Interface = createInterface({
    input: io.stdin,
    output: interactive ? io.stdout : undefined,
    terminal: interactive,
    crlfDelay: Infinity,
  });
  lines.setPrompt(you);
  let interrupted = false;
  lines.on('SIGINT', () => {
    interrupted = true;
    lines.close();
  });

  const show = (reply: BotReply) => {
    if (interactive) {
      clearLine(io.stdout, 0);
      cursorTo(io.stdout, 0);
    }
    const text = replyText(reply)
      .split('\n')
      .map((line, i) => (i === 0 || line === '' ? line : `      ${line}`))
      .join('\n');
    io.stdout.write(`${bot}${text}\n`);
    if (interactive) lines.prompt(true);
  };
  const feed = new ReplyFeed(session, timing, show, () => lines.close());
  feed.start(cursor);
  if (interactive) lines.prompt();

  let failure: string | null = null;
  let unanswered = 0;
  let pending: { count: number; sentAt: number } | null = null;
  const waitForReplies = async () => {
    if (!pending) return;
    const answered = await feed.settled(pending.count, pending.sentAt);
    pending = null;
    if (!answered && !feed.failure) {
      unanswered++;
      io.stderr.write(`chat: no reply from the bot within ${Math.round(timing.replyTimeoutMs / 1000)} s\n`);
    }
  };

  for await (const line of lines) {
    const text = line.trim();
    if (text === '') {
      if (interactive) lines.prompt();
      continue;
    }
    if (!interactive) io.stdout.write(`${you}${text}\n`);
    pending = { count: feed.count, sentAt: Date.now() };
    try {
      const spoken = VOICE_NOTE.exec(text)?.[1];
      await (spoken === undefined ? session.send(text) : session.sendVoiceNote(spoken));
    } catch (error) {
      failure = (error as Error).message;
      break;
    }
    // Piped input reads like a conversation: each message waits for its answer before the next.
    if (!interactive) await waitForReplies();
    else lines.prompt();
  }
  if (!failure && !interrupted) await waitForReplies();
  await feed.stop();
  session.close();
  if (interactive) io.stdout.write('\n');

  failure ??= feed.failure?.message ?? null;
  if (failure) {
    io.stderr.write(`chat: ${failure}\n`);
    return 1;
  }
  return unanswered > 0 ? 1 : 0;
}
