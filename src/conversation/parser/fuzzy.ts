// Typos in names ("cabaña del lagp", "dicembre", "bosqe") are matched by edit distance. Swapped
// letters are one of the most common phone typos, so a transposition counts as a single edit.

/** Optimal-string-alignment distance, giving up early once it exceeds `max`. */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = b.length;
  let prevPrev = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let curr = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    curr[0] = i;
    let rowMin = curr[0];
    for (let j = 1; j <= n; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let v = Math.min(prev[j] + 1, curr[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        v = Math.min(v, prevPrev[j - 2] + 1);
      }
      curr[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prevPrev, prev, curr] = [prev, curr, prevPrev];
  }
  return prev[n];
}

/**
 * Edits tolerated for a word of this length: short words are exact because one edit already turns
 * them into other words ("lago" → "largo", "casa" → "cosa").
 */
export function typoTolerance(length: number): number {
  if (length <= 4) return 0;
  if (length <= 7) return 1;
  return 2;
}

export function isTypoOf(word: string, target: string): boolean {
  if (word === target) return true;
  const tolerance = typoTolerance(target.length);
  if (tolerance === 0) return false;
  // A different first letter is rarely a typo and often a different word ("dentro"/"centro").
  if (word[0] !== target[0]) return false;
  return editDistance(word, target, tolerance) <= tolerance;
}
