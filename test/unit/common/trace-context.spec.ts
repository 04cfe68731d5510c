import { acceptTraceId, currentTraceId, runWithTrace } from '../../../src/common/trace/trace-context.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('trace ids', () => {
  it.each(['abc-123', 'A_b.c-9', 'x'.repeat(128)])('keeps the safe token %s', (id) => {
    expect(acceptTraceId(id)).toBe(id);
  });

  it.each([
    ['spaces', 'abc 123'],
    ['newline', 'abc\n{"level":"fatal"}'],
    ['too long', 'x'.repeat(129)],
    ['empty', ''],
    ['not a string', ['a', 'b']],
    ['missing', undefined],
  ])('replaces an unsafe value (%s) with a fresh UUID', (_label, value) => {
    expect(acceptTraceId(value)).toMatch(UUID);
  });

  it('is visible to everything awaited inside its context, and only there', async () => {
    expect(currentTraceId()).toBeUndefined();
    await runWithTrace('trace-1', async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      expect(currentTraceId()).toBe('trace-1');
    });
    expect(currentTraceId()).toBeUndefined();
  });
});
