/** Levenshtein edit distance between two strings, case-insensitive. */
function editDistance(a: string, b: string): number {
  const left = a.toLowerCase();
  const right = b.toLowerCase();
  let previous = Array.from({ length: right.length + 1 }, (_, index) => index);
  for (let i = 1; i <= left.length; i++) {
    const current = [i];
    for (let j = 1; j <= right.length; j++) {
      const substitution = previous[j - 1] + (left[i - 1] === right[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
    }
    previous = current;
  }
  return previous[right.length];
}

/**
 * Returns the known key closest to `key`, or undefined when none is close enough to be a likely typo: at most a
 * third of the longer key's length may differ, so `memberListPort` suggests `memberlistPort` but `foo` suggests
 * nothing. A key of four or more letters that starts a known key (`containerd` for `containerdCustom`) counts too.
 */
export function nearestKey(key: string, known: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  const prefixed = known.find((candidate) => lower.length >= 4 && candidate.toLowerCase().startsWith(lower));
  if (prefixed) return prefixed;

  let best: { key: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(key, candidate);
    if (!best || distance < best.distance) best = { key: candidate, distance };
  }
  if (!best) return undefined;
  return best.distance <= Math.max(1, Math.floor(Math.max(key.length, best.key.length) / 3)) ? best.key : undefined;
}
