import { ContainerdConfig, normalizeEndpoint } from './config-model';
import * as TOML from '@iarna/toml';

const HEADER = '# containerd-custom config, generated from the cluster spec. Do not edit on the node.\n';

/**
 * Renders the config as TOML with @iarna/toml. `version` is the first key because the model inserts it first,
 * booleans are bare `true`/`false` and strings stay strings. A whole number is written as a TOML integer, which is
 * why the validation admits only fractions in float fields.
 */
export function renderConfigToml(config: ContainerdConfig): string {
  return HEADER + TOML.stringify(config as unknown as TOML.JsonMap);
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
  const hosts: TOML.JsonMap = {};
  for (const endpoint of endpoints) {
    hosts[normalizeEndpoint(endpoint)] = { capabilities: ['pull', 'resolve'] };
  }
  return TOML.stringify({ server: registryServer(host), host: hosts });
}
