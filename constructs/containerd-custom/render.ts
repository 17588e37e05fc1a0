import * as TOML from '@iarna/toml';
import { ContainerdConfig } from './config-model';

const HEADER = '# containerd-custom config, generated from the cluster spec. Do not edit on the node.\n';

/** Renders the config as TOML. Booleans stay TOML booleans and strings stay strings: the library types them. */
export function renderConfigToml(config: ContainerdConfig): string {
  return HEADER + TOML.stringify(config as unknown as TOML.JsonMap);
}

/** Default upstream server of a registry host: Docker Hub's API lives on another host than its name. */
function registryServer(host: string): string {
  return host === 'docker.io' ? 'https://registry-1.docker.io' : `https://${host}`;
}

/**
 * Renders the `hosts.toml` of one registry: the mirrors first, in order, each allowed to pull and resolve tags,
 * then the registry itself as the fallback server.
 */
export function renderHostsToml(host: string, mirrors: readonly string[]): string {
  const hosts: TOML.JsonMap = {};
  for (const mirror of mirrors) {
    hosts[mirror] = { capabilities: ['pull', 'resolve'] };
  }
  return TOML.stringify({ server: registryServer(host), host: hosts });
}
