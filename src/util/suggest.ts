// "Did you mean": the known word closest to a misspelt one, if it is close enough to be the one meant
// (an edit distance of at most a third of the word, and at least 2).
import { closest, distance } from 'fastest-levenshtein';

export function nearest(word: string, known: readonly string[]): string | undefined {
  if (known.length === 0) return undefined;
  const guess = closest(word, [...known]);
  return distance(word, guess) <= Math.max(2, Math.floor(word.length / 3)) ? guess : undefined;
}
