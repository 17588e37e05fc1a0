import { spawnSync } from 'node:child_process';

/** Wall time and peak resident memory of one command run. */
export interface Sample {
  readonly seconds: number;
  readonly megabytes: number;
}

/**
 * Runs a command under GNU time (`/usr/bin/time`, Debian package `time`) and returns its wall time and peak RSS.
 * Throws with the command's output when it fails, so a broken run never counts as a fast one.
 */
export function measure(command: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Sample {
  const result = spawnSync('/usr/bin/time', ['-f', 'BENCH %e %M', ...command], { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const line = result.stderr.split('\n').reverse().find((l) => l.startsWith('BENCH '));
  if (result.status !== 0 || !line) {
    throw new Error(`${command.join(' ')} failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  const [, seconds, kilobytes] = line.split(' ');
  return { seconds: Number(seconds), megabytes: Number(kilobytes) / 1024 };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Median, minimum and maximum of a list, for the report. */
export function spread(values: readonly number[]): { median: number; min: number; max: number } {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
}
