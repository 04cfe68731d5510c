import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { parse } from '../conversation/parser/parse.js';
import type { AccommodationRef, ParseContext, ParsedMessage } from '../conversation/parser/parser.types.js';
import { DEMO_ACCOMMODATIONS } from '../database/demo-accommodations.js';
import { USAGE_EXIT, type CliIo } from './cli-io.js';

const DEFAULT_TIME_ZONE = 'America/Argentina/Buenos_Aires';

export const PARSE_USAGE = `Usage:
  npm run -s parse -- [--now <ISO date-time>] [--tz <IANA zone>] --jsonl  < messages.jsonl
  npm run -s parse -- [--now <ISO date-time>] [--tz <IANA zone>] "<message>"

With --jsonl, reads lines {"id": …, "text": "…"} on standard input and writes one line per input:
{"id","intent","checkIn","checkOut","guests","code","accommodation"} (dates as YYYY-MM-DD, or null),
or {"id","error"} for a line it cannot read. Otherwise parses the message given as argument.
  --now   the moment "today" and relative dates are computed from (default: now); a date alone
          (YYYY-MM-DD) means that day
  --tz    the business time zone (default: ${DEFAULT_TIME_ZONE})
Places: the active accommodations of DATABASE_URL when it is set, else the three demo places.
`;

class UsageError extends Error {}

interface ParseOptions {
  now: Date;
  timeZone: string;
  jsonl: boolean;
  text: string | null;
  help: boolean;
}

function readOptions(argv: string[]): ParseOptions {
  let values: { now?: string; tz?: string; jsonl?: boolean; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        now: { type: 'string' },
        tz: { type: 'string' },
        jsonl: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const options = {
    now: readNow(values.now),
    timeZone: readTimeZone(values.tz ?? DEFAULT_TIME_ZONE),
    jsonl: values.jsonl === true,
    text: positionals.length > 0 ? positionals.join(' ') : null,
    help: values.help === true,
  };
  if (!options.help && options.jsonl === (options.text !== null)) {
    throw new UsageError(options.jsonl ? 'give either --jsonl or a message, not both' : 'nothing to parse');
  }
  return options;
}

function readNow(value: string | undefined): Date {
  if (value === undefined) return new Date();
  // A bare date would be UTC midnight, the evening before in Argentina: take its midday instead,
  // which is the same calendar day in every zone within ±11 h.
  const now = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T12:00:00Z` : value);
  if (Number.isNaN(now.getTime())) throw new UsageError(`--now is not an ISO date-time: ${value}`);
  return now;
}

function readTimeZone(zone: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone;
  } catch {
    throw new UsageError(`--tz is not an IANA time zone: ${zone}`);
  }
}

/** The configured database's places; without one, the demo places, and no database is started. */
async function loadAccommodations(env: NodeJS.ProcessEnv): Promise<AccommodationRef[]> {
  if (!env.DATABASE_URL) {
    return DEMO_ACCOMMODATIONS.map((p) => ({ slug: p.slug, name: p.name, aliases: [...p.aliases] }));
  }
  // Loaded only here: config validation and the ORM cost start-up time the demo path does not need.
  const { readAccommodationRefs } = await import('./accommodation-refs.js');
  return readAccommodationRefs(env);
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The fields the usage text promises; the rest of the parse is for the conversation's own use. */
function documented({ intent, checkIn, checkOut, guests, code, accommodation }: ParsedMessage) {
  return { intent, checkIn, checkOut, guests, code, accommodation };
}

/** One input line to one output object; a line it cannot use becomes `{ id, error }`. */
export function parseLine(line: string, context: ParseContext): Record<string, unknown> {
  let input: unknown;
  try {
    input = JSON.parse(line);
  } catch {
    return { id: null, error: 'not a JSON line' };
  }
  const id = isObject(input) ? (input.id ?? null) : null;
  if (!isObject(input) || typeof input.text !== 'string') {
    return { id, error: 'expected an object with a "text" string' };
  }
  try {
    return { id, ...documented(parse(input.text, context)) };
  } catch (error) {
    return { id, error: (error as Error).message };
  }
}

async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

async function parseJsonLines(io: CliIo, context: ParseContext): Promise<number> {
  const lines = createInterface({ input: io.stdin, crlfDelay: Infinity });
  try {
    for await (const line of lines) {
      if (line.trim() === '') continue;
      await write(io.stdout, `${JSON.stringify(parseLine(line, context))}\n`);
    }
  } catch (error) {
    io.stderr.write(`Cannot read standard input: ${(error as Error).message}\n`);
    return 1;
  }
  return 0;
}

/** `npm run -s parse`: the parser for operators and scripts. Resolves to the exit code. */
export async function runParse(io: CliIo): Promise<number> {
  let options: ParseOptions;
  try {
    options = readOptions(io.argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`parse: ${error.message}\n\n${PARSE_USAGE}`);
    return USAGE_EXIT;
  }
  if (options.help) {
    io.stdout.write(PARSE_USAGE);
    return 0;
  }
  let accommodations: AccommodationRef[];
  try {
    accommodations = await loadAccommodations(io.env);
  } catch (error) {
    io.stderr.write(`parse: cannot read the accommodations of DATABASE_URL: ${(error as Error).message}\n`);
    return 1;
  }
  const context: ParseContext = { now: options.now, timeZone: options.timeZone, accommodations };
  if (options.text !== null) {
    await write(io.stdout, `${JSON.stringify(documented(parse(options.text, context)), null, 2)}\n`);
    return 0;
  }
  return parseJsonLines(io, context);
}
