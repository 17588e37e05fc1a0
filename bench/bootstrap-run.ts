import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { clusters } from '../clusters';
import { containerdConfigFiles } from '../constructs/containerd-custom/config-files';
import { median } from './measure';

const SCRIPT = resolve(__dirname, '..', 'constructs', 'node-bootstrap', 'scripts', 'install-containerd-custom.sh');

/**
 * Times the bootstrap script on a node whose config already equals the new one: the path every pod restart takes.
 * The host is a temporary directory with the default cluster's files in place, so the run needs no containerd.
 * It runs under `busybox sh` (Debian package busybox), the shell of the bootstrap image.
 * Returns the median wall time in milliseconds.
 */
export function measureUnchangedBootstrap(work: string, runs: number): number {
  const source = join(work, 'source');
  const configDir = join(work, 'host', 'etc', 'containerd-custom');
  for (const file of containerdConfigFiles(clusters[0].containerdCustom)) {
    for (const base of [source, configDir]) {
      mkdirSync(dirname(join(base, file.path)), { recursive: true });
      writeFileSync(join(base, file.path), file.content);
    }
  }

  const env = {
    PATH: process.env.PATH,
    CONFIG_SOURCE: source,
    HOST_ROOT: '',
    HOST_EXEC: '',
    CONFIG_DIR: configDir,
    UNIT: 'containerd-custom-bench.service',
    CONTAINERD_BIN: '/bin/false',
    CTR_BIN: '/bin/false',
    GRPC_ADDRESS: join(work, 'containerd.sock'),
    RUN_ONCE: 'true',
  };

  const samples: number[] = [];
  for (let run = 0; run < runs + 1; run++) {
    const start = process.hrtime.bigint();
    const result = spawnSync('busybox', ['sh', SCRIPT], { env, encoding: 'utf8' });
    const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.status !== 0 || !result.stdout.includes('unchanged')) {
      throw new Error(`bootstrap run failed or did not take the unchanged path:\n${result.stdout}${result.stderr}`);
    }
    if (run > 0) samples.push(elapsed);
  }
  return median(samples);
}
