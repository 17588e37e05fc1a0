import { ContainerdConfig, normalizeEndpoint } from './config-model';
import { stringifyToml, TomlTable } from './toml';

const HEADER = '# containerd-custom config, generated from the cluster spec. Do not edit on the node.\n';

/**
 * Renders the config as TOML. `version` is the first key, booleans are bare `true`/`false`, float fields are
 * written with a decimal point and strings stay strings: the model's types decide, not the values.
 */
export function renderConfigToml(config: ContainerdConfig): string {
  return HEADER + stringifyToml(config as unknown as TomlTable);
}

/** Default upstream server of a registry host: Docker Hub's API lives on another host than its name. */
export function registryServer(host: string): string {
  return host === 'docker.io' ? 'https://registry-1.docker.io' : `https://${host}`;
}

/**
 * Renders the `hosts.toml` of one registry: the mirrors first, in order, each allowed to pull and resolve tags
 * (without `resolve` a mirror is never asked for a tag), then the registry itself as the fallback `server`.
 */
export function renderHostsToml(host: string, endpoints: readonly string[]): string {
  const hosts: Record<string, TomlTable> = {};
  for (const endpoint of endpoints) {
    hosts[normalizeEndpoint(endpoint)] = { capabilities: ['pull', 'resolve'] };
  }
  return stringifyToml({ server: registryServer(host), host: hosts });
}
