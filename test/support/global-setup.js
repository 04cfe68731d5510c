import { execSync } from 'node:child_process';

/** Suites that start the real server as a child process need the compiled build; make it once. */
export default function globalSetup() {
  execSync('npm run -s build', { stdio: 'inherit' });
}
