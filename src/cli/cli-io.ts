import type { Readable, Writable } from 'node:stream';

/** What a command-line tool touches of its process, so tests can run it in-process with streams. */
export interface CliIo {
  argv: string[];
  env: NodeJS.ProcessEnv;
  stdin: Readable & { isTTY?: boolean };
  stdout: Writable;
  stderr: Writable;
}

/** Exit code of a command line its usage does not allow (the shell convention). */
export const USAGE_EXIT = 2;
