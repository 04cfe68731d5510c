import { runChat } from './chat-command.js';

process.exitCode = await runChat({
  argv: process.argv.slice(2),
  env: process.env,
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
});
