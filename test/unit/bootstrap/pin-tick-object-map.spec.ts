import { execFile } from 'node:child_process';
import { createHook } from 'node:async_hooks';
import path from 'node:path';
import { promisify } from 'node:util';
import { pinTickObjectMap, pinnedTickObject } from '../../../src/bootstrap/pin-tick-object-map.js';

const run = promisify(execFile);
const MODULE = path.resolve('src/bootstrap/pin-tick-object-map.ts');

/** A child process (natives and forced GCs): pins, runs full GCs with no tick pending, compares maps. */
const CHILD = `
import { pinTickObjectMap, pinnedTickObject } from ${JSON.stringify(MODULE)};
import { createHook } from 'node:async_hooks';
const nextTickObject = () => {
  let found;
  const hook = createHook({ init(_id, type, _t, resource) { if (type === 'TickObject') found ??= resource; } }).enable();
  process.nextTick(() => {});
  hook.disable();
  return found;
};
pinTickObjectMap();
for (let round = 0; round < 6; round++) {
  await new Promise((resolve) => setTimeout(resolve, 5));
  globalThis.gc();
}
const later = nextTickObject();
console.log(JSON.stringify({ sameMap: %HaveSameMap(pinnedTickObject(), later) }));
`;

describe('pinTickObjectMap', () => {
  it('holds one tick object and leaves no hook behind', () => {
    pinTickObjectMap();
    const first = pinnedTickObject();
    expect(first).toEqual(expect.objectContaining({ callback: expect.any(Function) }));

    pinTickObjectMap();
    expect(pinnedTickObject()).toBe(first);

    const seen: string[] = [];
    const probe = createHook({ init: (_id, type) => void seen.push(type) }).enable();
    process.nextTick(() => undefined);
    probe.disable();
    expect(seen).toEqual(['TickObject']); // only this probe's hook saw it
  });

  it('keeps ticks made after full GCs on the pinned map (what keeps nextTick monomorphic)', async () => {
    const { stdout } = await run(
      process.execPath,
      ['--expose-gc', '--allow-natives-syntax', '--input-type=module', '-e', CHILD],
      { timeout: 20_000 },
    );
    expect(JSON.parse(stdout)).toEqual({ sameMap: true });
  });
});
