import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listFiles } from './list-files';

function git(repoDir: string, args: string[]): string {
  return execFileSync('git', ['-C', repoDir, ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Returns the commit that `ref` names, or throws an error that names the ref. */
export function resolveCommit(repoDir: string, ref: string): string {
  try {
    return git(repoDir, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).trim();
  } catch {
    throw new Error(`git ref "${ref}" was not found in ${repoDir}; pass a branch, tag or commit that exists`);
  }
}

/** Returns the merge base of HEAD and `branch`: the commit a pull request against `branch` is compared with. */
export function mergeBase(repoDir: string, branch: string): string {
  try {
    return git(repoDir, ['merge-base', 'HEAD', branch]).trim();
  } catch {
    throw new Error(`no merge base of HEAD and "${branch}" was found in ${repoDir}; pass the GIT-REF to compare with`);
  }
}

/** Reads every file under `distPath` (relative to the repository root) at `commit`, keyed by path below `distPath`. */
export function readTreeAt(repoDir: string, commit: string, distPath: string): Map<string, string> {
  const prefix = `${distPath.replace(/\/+$/, '')}/`;
  const names = git(repoDir, ['ls-tree', '-r', '-z', '--name-only', commit, '--', prefix]).split('\0').filter(Boolean);
  const files = new Map<string, string>();
  for (const name of names) files.set(name.slice(prefix.length), git(repoDir, ['show', `${commit}:${name}`]));
  return files;
}

/** Reads every file under `distDir` in the working tree, keyed by path below it. */
export function readWorkingTree(distDir: string): Map<string, string> {
  return new Map(listFiles(distDir).map((file) => [file, readFileSync(join(distDir, file), 'utf8')]));
}
