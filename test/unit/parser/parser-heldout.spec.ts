import { FIELDS, THRESHOLDS, formatReport, loadCases, measure, type AccuracyReport } from './nlu-accuracy.js';

// Written after the parser, as new guests would write, to check it on phrasings it was not built
// from (a month named before the days, "x 3 noches", "¿te llegó el pago?", "después te confirmo").
describe('parser on held-out guest messages (test/fixtures/nlu-heldout.jsonl)', () => {
  let report: AccuracyReport;

  beforeAll(() => {
    report = measure(loadCases('test/fixtures/nlu-heldout.jsonl'));
    console.log(formatReport('nlu-heldout.jsonl', report));
  });

  it('none repeats another fixture file', () => {
    const seen = new Set(
      ['nlu-cases.jsonl', 'nlu-extra.jsonl'].flatMap((f) =>
        loadCases(`test/fixtures/${f}`).map((c) => c.text.toLowerCase()),
      ),
    );
    expect(
      loadCases('test/fixtures/nlu-heldout.jsonl').filter((c) => seen.has(c.text.toLowerCase())),
    ).toEqual([]);
  });

  it.each(FIELDS.map((f) => [f]))('%s accuracy meets its threshold', (field) => {
    expect(report.accuracy[field]).toBeGreaterThanOrEqual(THRESHOLDS[field]);
  });
});
