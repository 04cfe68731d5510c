import type { TestApp } from './test-app.js';

/** The current value of one series on /metrics (0 when absent); tests compare before and after. */
export async function metricValue(
  t: TestApp,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  const res = await t.app.inject({ method: 'GET', url: '/metrics' });
  let total = 0;
  for (const line of res.body.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const matches = Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`));
    if (matches) total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}
