import { jest } from '@jest/globals';
import { ForegroundPriority } from '../../../src/common/background/foreground-priority.js';

describe('ForegroundPriority', () => {
  let priority: ForegroundPriority;
  beforeEach(() => {
    jest.useFakeTimers();
    priority = new ForegroundPriority();
  });
  afterEach(() => {
    priority.onModuleDestroy();
    jest.useRealTimers();
  });

  const settled = async (promise: Promise<void>): Promise<boolean> => {
    let done = false;
    void promise.then(() => (done = true));
    await Promise.resolve();
    await Promise.resolve();
    return done;
  };

  it('lets background work go on at once while requests are few', async () => {
    for (let i = 0; i < 10; i++) priority.requestStarted();
    jest.advanceTimersByTime(250);
    expect(priority.busy).toBe(false);
    expect(await settled(priority.yieldAfter(20))).toBe(true);
  });

  it('under a burst, pauses background work three times as long as it worked, capped', async () => {
    for (let i = 0; i < 200; i++) priority.requestStarted();
    jest.advanceTimersByTime(250);
    expect(priority.busy).toBe(true);

    const pause = priority.yieldAfter(10);
    await jest.advanceTimersByTimeAsync(29);
    expect(await settled(pause)).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    expect(await settled(pause)).toBe(true);

    const capped = priority.yieldAfter(10_000);
    await jest.advanceTimersByTimeAsync(99);
    expect(await settled(capped)).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    expect(await settled(capped)).toBe(true);
  });

  it('forgets a burst once the next sample is quiet', () => {
    for (let i = 0; i < 200; i++) priority.requestStarted();
    jest.advanceTimersByTime(250);
    expect(priority.busy).toBe(true);
    jest.advanceTimersByTime(250);
    expect(priority.busy).toBe(false);
  });
});
