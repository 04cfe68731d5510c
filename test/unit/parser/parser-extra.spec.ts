import { FIELDS, THRESHOLDS, formatReport, loadCases, measure, type AccuracyReport } from './nlu-accuracy.js';

describe('parser on the additional labelled cases (test/fixtures/nlu-extra.jsonl)', () => {
  let report: AccuracyReport;

  beforeAll(() => {
    report = measure(loadCases('test/fixtures/nlu-extra.jsonl'));
    console.log(formatReport('nlu-extra.jsonl', report));
  });

  it('has at least 60 cases, none repeating the shared file', () => {
    expect(report.total).toBeGreaterThanOrEqual(60);
    const shared = new Set(loadCases('test/fixtures/nlu-cases.jsonl').map((c) => c.text.toLowerCase()));
    const repeated = loadCases('test/fixtures/nlu-extra.jsonl').filter((c) =>
      shared.has(c.text.toLowerCase()),
    );
    expect(repeated).toEqual([]);
  });

  it.each(FIELDS.map((f) => [f]))('%s accuracy meets its threshold', (field) => {
    expect(report.accuracy[field]).toBeGreaterThanOrEqual(THRESHOLDS[field]);
  });
});
