import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

export interface AppProcess {
  child: ChildProcess;
  url: string;
  /** Every stdout line parsed as JSON (non-JSON lines are kept as `{ raw }`). */
  logs: Record<string, unknown>[];
  stderr: string[];
  exit: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts the compiled server (`dist/src/main.js`, built by the global setup) as `npm start` would,
 * with only the given environment, and resolves once it logs that it listens.
 */
export async function startAppProcess(env: Record<string, string>, timeoutMs = 60_000): Promise<AppProcess> {
  const child = spawn(process.execPath, ['dist/src/main.js'], {
    env: { PATH: process.env.PATH ?? '', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  const stderr: string[] = [];
  const exit = once(child, 'exit').then(([code]) => code as number | null);
  createInterface({ input: child.stderr! }).on('line', (line) => stderr.push(line));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`app did not start: ${stderr.join('\n')}`)), timeoutMs);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line) as Record<string, unknown>;
      } catch {
        entry = { raw: line };
      }
      logs.push(entry);
      if (entry.msg === 'server_started') {
        clearTimeout(timer);
        resolve(entry.url as string);
      }
    });
    void exit.then((code) => {
      clearTimeout(timer);
      reject(new Error(`app exited with ${code}: ${stderr.join('\n')}`));
    });
  });
  return {
    child,
    url,
    logs,
    stderr,
    exit,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null) child.kill(signal);
      return exit;
    },
  };
}
