import { spawnSync } from 'node:child_process';

/** Returns the commands of `tools` that are not on PATH. */
export function missingTools(tools: readonly string[]): string[] {
  return tools.filter((tool) => spawnSync('sh', ['-c', 'command -v "$1"', 'sh', tool]).status !== 0);
}

/**
 * Declares a suite that needs real tools (or root for `unshare -m`). When one is missing, the suite is skipped with
 * a visible warning on a developer machine, and fails when CI=true, so CI never passes without running it.
 */
export function describeWithTools(name: string, tools: readonly string[], body: () => void, needsRoot = false): void {
  const missing = missingTools(tools);
  if (needsRoot && process.getuid?.() !== 0) missing.push('root (for unshare -m)');
  if (missing.length === 0) {
    describe(name, body);
    return;
  }
  const message = `${name}: missing ${missing.join(', ')}; install them (bash .ci/run installs them on Debian)`;
  if (process.env.CI === 'true') {
    describe(name, () => {
      test('required tools are installed', () => {
        throw new Error(message);
      });
    });
    return;
  }
  console.warn(`SKIPPED ${message}`);
  describe.skip(name, body);
}
