import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The one-way dependency rule of docs/architecture.md, read from the source itself: which top-level
 * folder of src/ each file imports from.
 */
const SRC = path.resolve('src');
const INFRA = new Set(['config', 'database', 'redis', 'common']);
const DOMAIN = new Set([
  'reservations',
  'calendar',
  'payments',
  'conversation',
  'webhooks',
  'jobs',
  'health',
]);
// The composition roots may import anything.
const ROOTS = new Set(['(root)', 'bootstrap', 'cli']);

function moduleOf(file: string): string {
  const [first, ...rest] = path.relative(SRC, file).split(path.sep);
  return rest.length === 0 ? '(root)' : first!;
}

function moduleGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  const files = readdirSync(SRC, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(SRC, f));
  for (const file of files) {
    const from = moduleOf(file);
    const targets = graph.get(from) ?? new Set<string>();
    graph.set(from, targets);
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(/from '(\.{1,2}\/[^']+)'/g)) {
      const target = path.resolve(path.dirname(file), specifier!);
      if (!target.startsWith(SRC + path.sep)) continue; // migrations/, outside the modules
      const to = moduleOf(target);
      if (to !== from) targets.add(to);
    }
  }
  return graph;
}

const graph = moduleGraph();
const importsOf = (module: string) => [...(graph.get(module) ?? [])].sort();

describe('module dependencies (src/)', () => {
  it('finds the modules it checks', () => {
    for (const module of [...INFRA, ...DOMAIN, 'messaging', 'sandbox']) expect(graph.has(module)).toBe(true);
  });

  it('infrastructure modules import only infrastructure', () => {
    for (const module of INFRA) {
      expect({ module, imports: importsOf(module).filter((m) => !INFRA.has(m)) }).toEqual({
        module,
        imports: [],
      });
    }
  });

  it('messaging imports no domain module', () => {
    expect(importsOf('messaging').filter((m) => DOMAIN.has(m))).toEqual([]);
  });

  it('no module is imported back by a module it depends on (no cycles outside the composition roots)', () => {
    const cycles: string[] = [];
    const visit = (module: string, trail: string[]) => {
      for (const next of graph.get(module) ?? []) {
        if (ROOTS.has(next)) continue;
        if (trail.includes(next)) cycles.push([...trail.slice(trail.indexOf(next)), next].join(' -> '));
        else visit(next, [...trail, next]);
      }
    };
    for (const module of graph.keys()) if (!ROOTS.has(module)) visit(module, [module]);
    expect(cycles).toEqual([]);
  });

  it('nothing but the composition roots imports them', () => {
    for (const [module, targets] of graph) {
      if (ROOTS.has(module)) continue;
      expect({ module, roots: [...targets].filter((m) => ROOTS.has(m)) }).toEqual({ module, roots: [] });
    }
  });
});
