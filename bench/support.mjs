// What the benches share: the server on core 0 and the load on core 1 (every thread pinned, as in
// docs/toolchain.md's baseline), free ports, and webhooks signed as Meta sends them.
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import pg from 'pg';
// Every bench builds first (`npm run -s build && node bench/…`).
import { inboundMessageWebhook, whatsAppSignature } from '../dist/src/sandbox/whatsapp-webhook-builder.js';

/** Moves this process (all its threads) to core 1; false where taskset is missing. */
export const pinned = (() => {
  try {
    execFileSync('taskset', ['-apc', '1', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** `node <args>` on core 0 (when pinning works), stdout piped, stderr inherited. */
export function spawnServer(args, env) {
  const [cmd, argv] = pinned ? ['taskset', ['-c', '0', process.execPath, ...args]] : [process.execPath, args];
  return spawn(cmd, argv, { env, stdio: ['ignore', 'pipe', 'inherit'] });
}

export function freePort() {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** One inbound message in Meta's envelope, signed with `secret`: `{ body, headers }` for a POST. */
export function signedWhatsAppWebhook({ secret, phoneNumberId, from, name, message }) {
  const body = JSON.stringify(inboundMessageWebhook({ phoneNumberId, from, name, message }));
  return {
    body,
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': whatsAppSignature(body, secret) },
  };
}

/**
 * A process's CPU time so far (user + system, ms) from /proc; undefined elsewhere. Unlike throughput
 * and latency it hardly moves when other work shares the machine, so runs on a busy VM stay comparable.
 */
export function cpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the whole line, in clock ticks (100 per second on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/**
 * A fresh database named `name` on the server of `serverUrl`, for a bench that must not touch real
 * data: `{ url, create(), drop() }`. The app migrates it at start.
 */
export function scratchDatabase(serverUrl, name) {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const admin = async (sql) => {
    const adminUrl = new URL(serverUrl);
    adminUrl.pathname = '/postgres';
    const client = new pg.Client({ connectionString: adminUrl.toString() });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  return {
    url: url.toString(),
    create: () => admin(`create database "${name}"`),
    drop: () => admin(`drop database if exists "${name}"`).catch(() => {}),
  };
}
