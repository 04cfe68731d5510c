import { createHook } from 'node:async_hooks';

const pinned: object[] = [];

/**
 * Keeps one `process.nextTick` tick object alive for the life of the process, which keeps V8's map
 * for tick objects alive with it.
 *
 * V8 caches that map only weakly. Start-up loads a large module graph and runs several full GCs; each
 * one that finds no tick object alive drops the map, the next tick object gets a fresh one, and
 * after a few rounds nextTick's property definitions turn megamorphic for good: every tick object is
 * then built through the runtime. An HTTP request makes seven of them. Measured on this app's probe:
 * 0.7–1.5 µs per nextTick instead of 0.1, and 28k of 138k instructions per request (callgrind).
 * `test/unit/bootstrap/pin-tick-object-map.spec.ts` checks that ticks made after forced full GCs
 * still share the pinned object's map.
 *
 * The object is taken as the one tick scheduled while an init hook is briefly enabled; nothing else
 * runs in between, and the hook is gone before this returns.
 */
export function pinTickObjectMap(): void {
  if (pinned.length > 0) return;
  const hook = createHook({
    init(_asyncId, type, _triggerAsyncId, resource) {
      if (type === 'TickObject' && pinned.length === 0) pinned.push(resource);
    },
  }).enable();
  try {
    process.nextTick(() => undefined);
  } finally {
    hook.disable();
  }
}

/** The tick object held, once pinned. */
export function pinnedTickObject(): object | undefined {
  return pinned[0];
}
