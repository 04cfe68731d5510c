// npm run bench:parser — parse() throughput on the labelled guest messages (compiled build).
import { readFileSync } from 'node:fs';
import { parse } from '../dist/src/conversation/parser/parse.js';
import { DEMO_ACCOMMODATIONS } from '../dist/src/database/demo-accommodations.js';

const context = {
  now: new Date('2026-11-27T10:00:00-03:00'),
  timeZone: 'America/Argentina/Buenos_Aires',
  accommodations: DEMO_ACCOMMODATIONS.map(({ slug, name, aliases }) => ({
    slug,
    name,
    aliases: [...aliases],
  })),
};
const texts = ['test/fixtures/nlu-cases.jsonl', 'test/fixtures/nlu-extra.jsonl'].flatMap((file) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line).text),
);
for (const text of texts) parse(text, context); // warm-up
const rounds = 200;
const started = performance.now();
for (let i = 0; i < rounds; i++) for (const text of texts) parse(text, context);
const elapsed = performance.now() - started;
const long = 'quiero reservar del 15 al 20 de diciembre para 4 '.repeat(100).slice(0, 5000);
const longStarted = performance.now();
parse(long, context);
console.log(
  `${texts.length} messages x ${rounds} rounds: ${((elapsed * 1000) / (rounds * texts.length)).toFixed(1)} µs per message`,
);
console.log(`one 5,000-character message: ${(performance.now() - longStarted).toFixed(2)} ms`);
