import { spawnSync } from 'node:child_process';

/** Returns the commands of `tools` that are not on PATH. */
export function missingTools(tools: readonly string[]): string[] {
  return tools.filter((tool) => spawnSync('sh', ['-c', 'command -v "$1"', 'sh', tool]).status !== 0);
}

/**
 * Declares a suite that needs something this machine may lack, described by `missing` (undefined when all is
 * there). Without it the suite is skipped with a visible warning on a developer machine and fails when CI=true, so
 * CI never passes without having run it.
 */
export function describeWhenReady(name: string, missing: string | undefined, body: () => void): void {
  if (missing === undefined) {
    describe(name, body);
    return;
  }
  const message = `${name}: ${missing}`;
  if (process.env.CI === 'true') {
    describe(name, () => {
      test('prerequisites are present (required where CI=true)', () => {
        throw new Error(message);
      });
    });
    return;
  }
  // The body is not run at all: suites read their inputs while they are declared, and those inputs are missing.
  console.warn(`SKIPPED ${message}`);
  describe(name, () => {
    test.skip(`needs: ${missing}`, () => undefined);
  });
}

/** Declares a suite that needs the commands `tools` (and root, for `unshare -m`, when `needsRoot`). */
export function describeWithTools(name: string, tools: readonly string[], body: () => void, needsRoot = false): void {
  const missing = missingTools(tools);
  if (needsRoot && process.getuid?.() !== 0) missing.push('root (for unshare -m)');
  describeWhenReady(name, missing.length === 0 ? undefined : `missing ${missing.join(', ')}; bash .ci/run installs them on Debian`, body);
}
