import {
  CircuitBreaker,
  CircuitOpenError,
  type CircuitState,
} from '../../../src/common/resilience/circuit-breaker.js';

class Down extends Error {}
class BadRequest extends Error {}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('CircuitBreaker', () => {
  let breaker: CircuitBreaker;
  let transitions: [CircuitState, CircuitState][];

  beforeEach(() => {
    transitions = [];
    breaker = new CircuitBreaker({
      service: 'test',
      failureThreshold: 5,
      windowMs: 10_000,
      openMs: 150,
      callTimeoutMs: 1_000,
      isFailure: (error) => !(error instanceof BadRequest),
      onStateChange: (state, previous) => transitions.push([state, previous]),
    });
  });
  afterEach(() => breaker.destroy());

  const fail = () => breaker.run(async () => Promise.reject(new Down('down')));

  it('passes results and errors through while closed, as native promises', async () => {
    const result = breaker.run(async () => 42);
    expect(result).toBeInstanceOf(Promise);
    await expect(result).resolves.toBe(42);
    await expect(fail()).rejects.toBeInstanceOf(Down);
    expect(breaker.state).toBe('closed');
  });

  it('opens after 5 failed calls and then fails fast without calling', async () => {
    for (let i = 0; i < 4; i++) await expect(fail()).rejects.toBeInstanceOf(Down);
    expect(breaker.state).toBe('closed');
    await expect(fail()).rejects.toBeInstanceOf(Down);
    expect(breaker.state).toBe('open');
    let called = false;
    await expect(
      breaker.run(async () => {
        called = true;
      }),
    ).rejects.toBeInstanceOf(CircuitOpenError);
    expect(called).toBe(false);
    expect(transitions).toEqual([['open', 'closed']]);
  });

  it('errors that are not failures (a bad request) never open it', async () => {
    for (let i = 0; i < 10; i++) {
      await expect(breaker.run(async () => Promise.reject(new BadRequest('400')))).rejects.toBeInstanceOf(
        BadRequest,
      );
    }
    expect(breaker.state).toBe('closed');
  });

  it('after the open period lets one probe through; its success closes the circuit', async () => {
    for (let i = 0; i < 5; i++) await expect(fail()).rejects.toBeInstanceOf(Down);
    await sleep(250);
    expect(breaker.state).toBe('half_open');
    await expect(breaker.run(async () => 'probe')).resolves.toBe('probe');
    await sleep(20);
    expect(breaker.state).toBe('closed');
    await expect(breaker.run(async () => 'next')).resolves.toBe('next');
    expect(transitions).toEqual([
      ['open', 'closed'],
      ['half_open', 'open'],
      ['closed', 'half_open'],
    ]);
  });

  it('a failed probe keeps it open for another period', async () => {
    for (let i = 0; i < 5; i++) await expect(fail()).rejects.toBeInstanceOf(Down);
    await sleep(250);
    expect(breaker.state).toBe('half_open');
    await expect(fail()).rejects.toBeInstanceOf(Down);
    expect(breaker.state).toBe('open');
    await expect(breaker.run(async () => 'x')).rejects.toBeInstanceOf(CircuitOpenError);
    await sleep(250);
    await expect(breaker.run(async () => 'ok')).resolves.toBe('ok');
    await sleep(20);
    expect(breaker.state).toBe('closed');
  });
});
