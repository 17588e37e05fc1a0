import { createHash } from 'node:crypto';
import { ContainerdCustomSpec } from '../../clusters/types';
import { buildContainerdConfig } from './config-model';
import { renderConfigToml, renderHostsToml } from './render';

/** One file that the bootstrap installs under the instance's config directory. */
export interface ConfigFile {
  /** Path relative to the config directory, e.g. `config.toml` or `certs.d/my.registry.local/hosts.toml`. */
  readonly path: string;
  /** ConfigMap key: a ConfigMap key cannot hold `/` or `:`, so the path is encoded. */
  readonly key: string;
  readonly content: string;
}

/** ConfigMap key of a registry's hosts.toml. Registry hosts cannot contain `_`, so the key is unambiguous. */
export function hostsFileKey(host: string): string {
  return `hosts.${host.replace(/:/g, '_')}.toml`;
}

/**
 * Every file of containerd-custom's config directory, in a fixed order: `config.toml`, then with the `hosts` form
 * one `certs.d/<host>/hosts.toml` per registry (the port, if any, stays in the directory name). The legacy form
 * has its mirrors inside config.toml and no certs.d files.
 */
export function containerdConfigFiles(spec: ContainerdCustomSpec): ConfigFile[] {
  const files: ConfigFile[] = [
    { path: 'config.toml', key: 'config.toml', content: renderConfigToml(buildContainerdConfig(spec)) },
  ];
  if (spec.registry.mirrorForm !== 'hosts') return files;

  const mirrors = [...spec.registry.mirrors].sort((a, b) => (a.host < b.host ? -1 : a.host > b.host ? 1 : 0));
  for (const mirror of mirrors) {
    files.push({
      path: `certs.d/${mirror.host}/hosts.toml`,
      key: hostsFileKey(mirror.host),
      content: renderHostsToml(mirror.host, mirror.endpoints),
    });
  }
  return files;
}

/**
 * SHA-256 over every file's path and content. The bootstrap pod template carries it, so any change to any file
 * rolls the DaemonSet.
 */
export function configChecksum(files: readonly ConfigFile[]): string {
  const hash = createHash('sha256');
  for (const file of [...files].sort((a, b) => a.path.localeCompare(b.path))) {
    hash.update(`${file.path}\0${file.content}\0`);
  }
  return hash.digest('hex');
}
