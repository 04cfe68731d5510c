// Shared by the fixture specs: loads labelled cases, runs the parser under the reference context of
// /work/shared/nlu/README.md and reports per-field accuracy with the misses.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '../../../src/conversation/parser/parse.js';
import type {
  AccommodationRef,
  ParseContext,
  ParsedMessage,
} from '../../../src/conversation/parser/parser.types.js';

export interface LabelledCase {
  id: string;
  text: string;
  expect: ParsedMessage;
  note?: string;
}

export const DEMO_PLACES: AccommodationRef[] = [
  { slug: 'cabana-del-lago', name: 'Cabaña del Lago', aliases: ['la del lago', 'cabaña lago'] },
  { slug: 'depto-centro', name: 'Depto Centro', aliases: ['el depto', 'departamento del centro'] },
  { slug: 'casa-del-bosque', name: 'Casa del Bosque', aliases: ['la casa', 'la del bosque'] },
];

/** Friday 27 November 2026, 10:00 in Buenos Aires. */
export const REFERENCE_CONTEXT: ParseContext = {
  now: new Date('2026-11-27T10:00:00-03:00'),
  timeZone: 'America/Argentina/Buenos_Aires',
  accommodations: DEMO_PLACES,
};

export const FIELDS = ['intent', 'dates', 'guests', 'code', 'accommodation'] as const;
export type Field = (typeof FIELDS)[number];

/** Minimum share of cases each field must get exactly right. */
export const THRESHOLDS: Record<Field, number> = {
  intent: 0.95,
  dates: 0.9,
  guests: 0.95,
  code: 1,
  accommodation: 0.95,
};

interface Miss {
  id: string;
  text: string;
  expected: string;
  got: string;
}

export interface AccuracyReport {
  total: number;
  accuracy: Record<Field, number>;
  misses: Record<Field, Miss[]>;
}

export function loadCases(pathFromRepoRoot: string): LabelledCase[] {
  return readFileSync(join(process.cwd(), pathFromRepoRoot), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as LabelledCase);
}

function fieldValue(field: Field, m: ParsedMessage): string {
  if (field === 'dates') return `${m.checkIn ?? 'null'} → ${m.checkOut ?? 'null'}`;
  return String(m[field]);
}

export function measure(cases: readonly LabelledCase[]): AccuracyReport {
  const misses = Object.fromEntries(FIELDS.map((f) => [f, [] as Miss[]])) as Record<Field, Miss[]>;
  for (const c of cases) {
    const got = parse(c.text, REFERENCE_CONTEXT);
    for (const field of FIELDS) {
      const expected = fieldValue(field, c.expect);
      const actual = fieldValue(field, got);
      if (expected !== actual) misses[field].push({ id: c.id, text: c.text, expected, got: actual });
    }
  }
  const accuracy = Object.fromEntries(
    FIELDS.map((f) => [f, cases.length === 0 ? 0 : (cases.length - misses[f].length) / cases.length]),
  ) as Record<Field, number>;
  return { total: cases.length, accuracy, misses };
}

export function formatReport(title: string, report: AccuracyReport): string {
  const lines = [`${title}: ${report.total} cases`];
  for (const f of FIELDS) {
    const pct = (report.accuracy[f] * 100).toFixed(1);
    const ok = report.total - report.misses[f].length;
    lines.push(
      `  ${f.padEnd(14)} ${pct.padStart(5)}%  (${ok}/${report.total}, needs ≥ ${THRESHOLDS[f] * 100}%)`,
    );
  }
  for (const f of FIELDS) {
    if (report.misses[f].length === 0) continue;
    lines.push('', `  misses — ${f}:`);
    for (const m of report.misses[f]) {
      lines.push(
        `    ${m.id.padEnd(9)} expected ${m.expected.padEnd(25)} got ${m.got.padEnd(25)} "${m.text}"`,
      );
    }
  }
  return lines.join('\n');
}
