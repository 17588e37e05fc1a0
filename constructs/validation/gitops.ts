import { ClusterSpec } from '../../clusters/types';
import { Message, MESSAGES } from './messages';
import { SpecIssue } from './spec-issue';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
// Go's time.ParseDuration syntax restricted to whole numbers, which is what Flux documents for its intervals.
const GO_DURATION = /^(\d+(ms|s|m|h))+$/;
const DURATION_UNITS_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
// Flux's Kustomization API rejects an `interval` below one minute.
const MIN_FLUX_INTERVAL_MS = 60_000;

type AddIssue = (path: string, value: unknown, message: Message) => void;

/** Converts a Go duration such as `1h30m` into milliseconds; the caller has checked the syntax. */
export function durationMs(duration: string): number {
  let total = 0;
  for (const match of duration.matchAll(/(\d+)(ms|s|m|h)/g)) total += Number(match[1]) * DURATION_UNITS_MS[match[2]];
  return total;
}

function checkDuration(add: AddIssue, path: string, value: unknown, minimumMs: number): void {
  if (typeof value !== 'string' || !GO_DURATION.test(value) || durationMs(value) === 0) {
    add(path, value, MESSAGES.notGoDuration());
    return;
  }
  if (durationMs(value) < minimumMs) {
    add(path, value, MESSAGES.durationTooShort(minimumMs / 1000));
  }
}

function checkUrl(add: AddIssue, path: string, value: unknown, protocols: readonly string[], invalid: Message): void {
  let parsed: URL | undefined;
  try {
    parsed = typeof value === 'string' ? new URL(value) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!parsed || !protocols.includes(parsed.protocol) || parsed.hostname === '') {
    add(path, value, invalid);
  }
}

/** Checks the `gitops` section of one cluster spec. */
export function checkGitOps(spec: ClusterSpec): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const add: AddIssue = (path, value, message) => issues.push({ path, value, ...message });
  const gitops = spec.gitops;
  if (gitops === undefined || gitops === null || typeof gitops !== 'object') {
    add('gitops', gitops, MESSAGES.gitopsMissing());
    return issues;
  }

  checkUrl(add, 'gitops.repoURL', gitops.repoURL, ['https:', 'http:', 'ssh:'], MESSAGES.invalidRepoUrl());
  if (typeof gitops.targetRevision !== 'string' || !/^[^\s~^:?*[\\]+$/.test(gitops.targetRevision)) {
    add('gitops.targetRevision', gitops.targetRevision, MESSAGES.invalidRevision());
  }
  checkUrl(add, 'gitops.destinationServer', gitops.destinationServer, ['https:'], MESSAGES.invalidServerUrl());

  for (const [path, value] of [
    ['gitops.argocd.namespace', gitops.argocd?.namespace],
    ['gitops.argocd.project', gitops.argocd?.project],
    ['gitops.flux.sourceName', gitops.flux?.sourceName],
    ['gitops.flux.sourceNamespace', gitops.flux?.sourceNamespace],
  ] as const) {
    if (typeof value !== 'string' || !DNS_LABEL.test(value)) {
      add(path, value, MESSAGES.notDnsLabel());
    }
  }

  checkDuration(add, 'gitops.flux.interval', gitops.flux?.interval, MIN_FLUX_INTERVAL_MS);
  checkDuration(add, 'gitops.flux.retryInterval', gitops.flux?.retryInterval, 1);
  checkDuration(add, 'gitops.flux.timeout', gitops.flux?.timeout, 1);
  return issues;
}

/**
 * Checks rules that span clusters. The ApplicationSet lives in one namespace and creates every Application there,
 * so all clusters must name the same Argo CD namespace. And two clusters with one destination would sync two
 * MetalLB installs and their pools into the same cluster.
 */
export function checkGitOpsAcrossClusters(clusters: readonly ClusterSpec[]): Array<{ cluster: string; issue: SpecIssue }> {
  const first = clusters[0];
  const expected = first?.gitops?.argocd?.namespace;
  const destinations = new Map<unknown, string>();
  return clusters.flatMap((spec, index) => {
    const found: Array<{ cluster: string; issue: SpecIssue }> = [];
    const namespace = spec.gitops?.argocd?.namespace;
    if (index > 0 && namespace !== expected) {
      found.push({ cluster: spec.name, issue: { path: 'gitops.argocd.namespace', value: namespace, ...MESSAGES.argocdNamespaceDiffers(first.name, expected) } });
    }
    const destination = spec.gitops?.destinationServer;
    const owner = destinations.get(destination);
    if (owner !== undefined) {
      found.push({ cluster: spec.name, issue: { path: 'gitops.destinationServer', value: destination, ...MESSAGES.destinationTaken(owner) } });
    } else if (destination !== undefined) {
      destinations.set(destination, spec.name);
    }
    return found;
  });
}
