import { ClusterSpec } from '../../clusters/types';
import { SpecIssue } from './spec-issue';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
// Go's time.ParseDuration syntax restricted to whole numbers, which is what Flux documents for its intervals.
const GO_DURATION = /^(\d+(ms|s|m|h))+$/;
const DURATION_UNITS_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
// Flux's Kustomization API rejects an `interval` below one minute.
const MIN_FLUX_INTERVAL_MS = 60_000;

type AddIssue = (path: string, value: unknown, problem: string, fix: string) => void;

/** Converts a Go duration such as `1h30m` into milliseconds; the caller has checked the syntax. */
export function durationMs(duration: string): number {
  let total = 0;
  for (const match of duration.matchAll(/(\d+)(ms|s|m|h)/g)) total += Number(match[1]) * DURATION_UNITS_MS[match[2]];
  return total;
}

function checkDuration(add: AddIssue, path: string, value: unknown, minimumMs: number): void {
  if (typeof value !== 'string' || !GO_DURATION.test(value) || durationMs(value) === 0) {
    add(path, value, 'is not a Go duration', 'write a positive whole-number duration such as "30s", "5m" or "1h"');
    return;
  }
  if (durationMs(value) < minimumMs) {
    add(path, value, `is shorter than ${minimumMs / 1000}s`, `use at least ${minimumMs / 60_000}m; Flux rejects shorter intervals`);
  }
}

function checkUrl(add: AddIssue, path: string, value: unknown, protocols: readonly string[], fix: string): void {
  let parsed: URL | undefined;
  try {
    parsed = typeof value === 'string' ? new URL(value) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!parsed || !protocols.includes(parsed.protocol) || parsed.hostname === '') {
    add(path, value, 'is not a valid URL', fix);
  }
}

/** Checks the `gitops` section of one cluster spec. */
export function checkGitOps(spec: ClusterSpec): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const add: AddIssue = (path, value, problem, fix) => issues.push({ path, value, problem, fix });
  const gitops = spec.gitops;
  if (gitops === undefined || gitops === null || typeof gitops !== 'object') {
    add('gitops', gitops, 'is missing', 'add a gitops section with repoURL, targetRevision, destinationServer, argocd and flux');
    return issues;
  }

  checkUrl(add, 'gitops.repoURL', gitops.repoURL, ['https:', 'http:', 'ssh:'], 'use an https:// or ssh:// clone URL such as https://git.example.local/platform/repo.git');
  if (typeof gitops.targetRevision !== 'string' || !/^[^\s~^:?*[\\]+$/.test(gitops.targetRevision)) {
    add('gitops.targetRevision', gitops.targetRevision, 'is not a valid Git branch, tag or commit', 'use a name without spaces or the characters ~^:?*[\\, e.g. "main" or a tag');
  }
  checkUrl(add, 'gitops.destinationServer', gitops.destinationServer, ['https:'], 'use the cluster API server URL registered in Argo CD, e.g. https://kubernetes.default.svc');

  for (const [path, value] of [
    ['gitops.argocd.namespace', gitops.argocd?.namespace],
    ['gitops.argocd.project', gitops.argocd?.project],
    ['gitops.flux.sourceName', gitops.flux?.sourceName],
    ['gitops.flux.sourceNamespace', gitops.flux?.sourceNamespace],
  ] as const) {
    if (typeof value !== 'string' || !DNS_LABEL.test(value)) {
      add(path, value, 'is not a valid Kubernetes name (DNS label)', 'use at most 63 lower-case letters, digits and "-", starting and ending with a letter or digit');
    }
  }

  checkDuration(add, 'gitops.flux.interval', gitops.flux?.interval, MIN_FLUX_INTERVAL_MS);
  checkDuration(add, 'gitops.flux.retryInterval', gitops.flux?.retryInterval, 1);
  checkDuration(add, 'gitops.flux.timeout', gitops.flux?.timeout, 1);
  return issues;
}

/**
 * Checks rules that span clusters: the ApplicationSet lives in one namespace and creates every Application there,
 * so all clusters must name the same Argo CD namespace.
 */
export function checkGitOpsAcrossClusters(clusters: readonly ClusterSpec[]): Array<{ cluster: string; issue: SpecIssue }> {
  const first = clusters[0];
  const expected = first?.gitops?.argocd?.namespace;
  return clusters.slice(1).flatMap((spec) => {
    const value = spec.gitops?.argocd?.namespace;
    if (value === expected) return [];
    const issue: SpecIssue = {
      path: 'gitops.argocd.namespace',
      value,
      problem: `differs from cluster ${first.name}'s "${expected}"; the shared ApplicationSet creates every Application in one namespace`,
      fix: 'use the same Argo CD namespace in every cluster',
    };
    return [{ cluster: spec.name, issue }];
  });
}
