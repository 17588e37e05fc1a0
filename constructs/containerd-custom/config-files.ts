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

/** Every file of containerd-custom's config directory, in a fixed order. */
export function containerdConfigFiles(spec: ContainerdCustomSpec): ConfigFile[] {
  const files: ConfigFile[] = [
    { path: 'config.toml', key: 'config.toml', content: renderConfigToml(buildContainerdConfig(spec)) },
  ];

  for (const host of Object.keys(spec.registryMirrors).sort()) {
    files.push({
      path: `certs.d/${host}/hosts.toml`,
      // Registry hosts are DNS names with an optional port, so `_` cannot occur in them and the key is unambiguous.
      key: `hosts.${host.replace(/:/g, '_')}.toml`,
      content: renderHostsToml(host, spec.registryMirrors[host]),
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
