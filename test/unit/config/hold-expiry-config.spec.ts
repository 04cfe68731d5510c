import { ConfigError, loadConfig } from '../../../src/config/app-config.js';

describe('HOLD_EXPIRY_INTERVAL_SECONDS', () => {
  it('defaults to one minute', () => {
    expect(loadConfig({}).holdExpiry).toEqual({ intervalMs: 60_000 });
  });

  it('takes whole seconds from 1 to 3600', () => {
    expect(loadConfig({ HOLD_EXPIRY_INTERVAL_SECONDS: '1' }).holdExpiry.intervalMs).toBe(1_000);
    expect(loadConfig({ HOLD_EXPIRY_INTERVAL_SECONDS: '3600' }).holdExpiry.intervalMs).toBe(3_600_000);
  });

  it.each(['0', '3601', '1.5', 'often', '-60'])('refuses %s, naming the variable', (value) => {
    expect(() => loadConfig({ HOLD_EXPIRY_INTERVAL_SECONDS: value })).toThrow(ConfigError);
    expect(() => loadConfig({ HOLD_EXPIRY_INTERVAL_SECONDS: value })).toThrow(
      /^Invalid configuration: HOLD_EXPIRY_INTERVAL_SECONDS /,
    );
  });
});
