import { ClusterSpec, PortProtocol } from '../../clusters/types';
import { AddressRange, parsePoolEntry, rangesOverlap } from './ip';
import { checkContainerdCustom } from './containerd-custom';
import { checkGitOps } from './gitops';
import { Message, MESSAGES, POOL_ENTRY_REASONS } from './messages';
import { SpecIssue } from './spec-issue';
import { SECTION_SCHEMAS } from './spec-schema';
import { checkSpecShape } from './spec-shape';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/;
const IMAGE_REFERENCE = /^[a-z0-9]+([._-][a-z0-9]+)*(:\d+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*(:[\w][\w.-]{0,127})?(@sha256:[a-f0-9]{64})?$/;

// Upstream images known to have no linux/loong64 variant: MetalLB publishes amd64, arm64, arm/v7, ppc64le and
// s390x only, Docker's official images and Kubernetes' pause image have no loong64 build either.
// The patterns match the repository as Docker Hub normalizes it, see dockerHubRepository.
const NO_LOONG64_IMAGES = [
  /^quay\.io\/metallb\//,
  /^docker\.io\/metallb\//,
  /^docker\.io\/library\/(busybox|alpine|debian|ubuntu)(:|@|$)/,
  /^registry\.k8s\.io\/pause(:|@|$)/,
  /^k8s\.gcr\.io\/pause(:|@|$)/,
];

/**
 * Writes an image reference the way container runtimes resolve it: a reference without a registry host is on
 * Docker Hub, a one-part Docker Hub repository is under `library/`, and `index.docker.io` and
 * `registry-1.docker.io` are Docker Hub too.
 */
function dockerHubRepository(reference: string): string {
  const [first, ...rest] = reference.split('/');
  const hasRegistry = rest.length > 0 && (first.includes('.') || first.includes(':') || first === 'localhost');
  let registry = hasRegistry ? first : 'docker.io';
  let path = hasRegistry ? rest.join('/') : reference;
  if (registry === 'index.docker.io' || registry === 'registry-1.docker.io') registry = 'docker.io';
  if (registry === 'docker.io' && !path.includes('/')) path = `library/${path}`;
  return `${registry}/${path}`;
}

/** Collects the issues of one spec in the order they are found. */
export class IssueList {
  readonly issues: SpecIssue[] = [];

  add(path: string, value: unknown, message: Message): void {
    this.issues.push({ path, value, problem: message.problem, fix: message.fix });
  }
}

export function isPort(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 65535;
}

function checkPort(list: IssueList, path: string, value: unknown): boolean {
  if (!isPort(value)) {
    list.add(path, value, MESSAGES.notPort());
    return false;
  }
  return true;
}

function checkDnsLabel(list: IssueList, path: string, value: unknown): void {
  if (typeof value !== 'string' || !DNS_LABEL.test(value)) {
    list.add(path, value, MESSAGES.notDnsLabel());
  }
}

export function checkImage(list: IssueList, spec: ClusterSpec, path: string, value: unknown): void {
  if (typeof value !== 'string' || !IMAGE_REFERENCE.test(value)) {
    list.add(path, value, MESSAGES.invalidImage());
    return;
  }
  if (spec.nodeArch === 'loong64' && NO_LOONG64_IMAGES.some((pattern) => pattern.test(dockerHubRepository(value)))) {
    list.add(path, value, MESSAGES.noLoong64Image());
  }
}

function checkHostPorts(list: IssueList, spec: ClusterSpec): void {
  spec.reservedHostPorts.forEach((reserved, index) => {
    checkPort(list, `reservedHostPorts[${index}].port`, reserved.port);
  });

  // Ports the speaker binds on every node's own address (hostNetwork), per protocol.
  const speakerPorts: Array<{ path: string; port: number; protocols: PortProtocol[] }> = [];
  if (checkPort(list, 'metallb.memberlistPort', spec.metallb.memberlistPort)) {
    speakerPorts.push({ path: 'metallb.memberlistPort', port: spec.metallb.memberlistPort, protocols: ['TCP', 'UDP'] });
  }
  if (checkPort(list, 'metallb.monitoringPort', spec.metallb.monitoringPort)) {
    speakerPorts.push({ path: 'metallb.monitoringPort', port: spec.metallb.monitoringPort, protocols: ['TCP'] });
  }

  for (const claim of speakerPorts) {
    for (const reserved of spec.reservedHostPorts) {
      if (reserved.port === claim.port && claim.protocols.includes(reserved.protocol)) {
        list.add(claim.path, claim.port, MESSAGES.hostPortTaken(reserved.port, reserved.protocol, reserved.owner));
      }
    }
  }
  if (speakerPorts.length === 2 && speakerPorts[0].port === speakerPorts[1].port) {
    list.add('metallb.monitoringPort', spec.metallb.monitoringPort, MESSAGES.portsEqual('metallb.memberlistPort'));
  }
}

function checkAddressPools(list: IssueList, spec: ClusterSpec): void {
  const seen = new Map<string, number>();
  const ranges: Array<{ path: string; entry: string; range: AddressRange }> = [];

  spec.metallb.addressPools.forEach((pool, index) => {
    const base = `metallb.addressPools[${index}]`;
    if (typeof pool.name !== 'string' || !DNS_SUBDOMAIN.test(pool.name)) {
      list.add(`${base}.name`, pool.name, MESSAGES.notObjectName());
    } else if (seen.has(pool.name)) {
      list.add(`${base}.name`, pool.name, MESSAGES.duplicateName(`metallb.addressPools[${seen.get(pool.name)}].name`));
    } else {
      seen.set(pool.name, index);
    }

    if (!Array.isArray(pool.addresses) || pool.addresses.length === 0) {
      list.add(`${base}.addresses`, pool.addresses, MESSAGES.emptyAddresses());
      return;
    }
    pool.addresses.forEach((entry, entryIndex) => {
      const path = `${base}.addresses[${entryIndex}]`;
      const parsed = typeof entry === 'string' ? parsePoolEntry(entry) : POOL_ENTRY_REASONS.notString();
      if (!('family' in parsed)) {
        const swapped = typeof entry === 'string' ? entry.split('-').map((bound) => bound.trim()).reverse().join('-') : '';
        const swappedIsValid = swapped.includes('-') && 'family' in parsePoolEntry(swapped);
        list.add(path, entry, swappedIsValid ? MESSAGES.poolReversed(parsed, swapped) : MESSAGES.invalidPoolEntry(parsed));
        return;
      }
      const overlapping = ranges.find((other) => rangesOverlap(other.range, parsed));
      if (overlapping) {
        list.add(path, entry, MESSAGES.poolOverlap(overlapping.path, overlapping.entry));
      }
      ranges.push({ path, entry, range: parsed });
    });
  });
}

/** Top-level section of a field path: `metallb` for `metallb.addressPools[0].name`. */
function sectionOf(path: string): string {
  return path.split(/[.[]/, 1)[0];
}

/** One group of value checks and the top-level sections it reads. */
interface CheckGroup {
  readonly sections: readonly string[];
  readonly run: (list: IssueList, spec: ClusterSpec) => void;
}

const CHECK_GROUPS: readonly CheckGroup[] = [
  { sections: ['name'], run: (list, spec) => checkDnsLabel(list, 'name', spec.name) },
  {
    sections: ['nodeArch'],
    run: (list, spec) => {
      if (spec.nodeArch === '' || !LABEL_VALUE.test(spec.nodeArch)) list.add('nodeArch', spec.nodeArch, MESSAGES.notArchLabel());
    },
  },
  {
    sections: ['images', 'nodeArch'],
    run: (list, spec) => {
      for (const field of ['metallbController', 'metallbSpeaker', 'nodeBootstrap', 'preflight'] as const) {
        checkImage(list, spec, `images.${field}`, spec.images[field]);
      }
    },
  },
  {
    sections: ['metallb'],
    run: (list, spec) => {
      checkDnsLabel(list, 'metallb.namespace', spec.metallb.namespace);
      checkAddressPools(list, spec);
    },
  },
  { sections: ['metallb', 'reservedHostPorts'], run: checkHostPorts },
  { sections: ['containerdCustom', 'nodeArch', 'metallb', 'reservedHostPorts'], run: checkContainerdCustom },
  {
    sections: ['nodeBootstrap'],
    run: (list, spec) => {
      checkDnsLabel(list, 'nodeBootstrap.namespace', spec.nodeBootstrap.namespace);
      if (!Number.isInteger(spec.nodeBootstrap.checkIntervalSeconds) || spec.nodeBootstrap.checkIntervalSeconds < 5) {
        list.add('nodeBootstrap.checkIntervalSeconds', spec.nodeBootstrap.checkIntervalSeconds, MESSAGES.notInterval());
      }
    },
  },
  {
    sections: ['nodeBootstrap', 'metallb'],
    run: (list, spec) => {
      if (spec.nodeBootstrap.namespace === spec.metallb.namespace) {
        list.add('nodeBootstrap.namespace', spec.nodeBootstrap.namespace, MESSAGES.sameNamespace('metallb.namespace'));
      }
    },
  },
  { sections: ['gitops'], run: (list, spec) => list.issues.push(...checkGitOps(spec)) },
];

/** True when `path` is `other` or lies below it (`a.b[0]` below `a.b`). */
function isAtOrBelow(path: string, other: string): boolean {
  return path === other || path.startsWith(`${other}.`) || path.startsWith(`${other}[`);
}

/**
 * Checks one cluster spec as data, before any construct runs: first its shape (keys and types), then its values.
 * Value checks run in full on sections whose shape is right. On a section with a shape problem they still run as
 * far as the wrong types allow, so one wrong type does not hide the other problems of its section. Their findings
 * on fields that already have a shape problem are dropped. Returns every problem, grouped by section in spec order.
 */
export function validateClusterSpec(input: unknown): SpecIssue[] {
  const shape = checkSpecShape(input);
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return shape.issues;
  const spec = input as ClusterSpec;
  const list = new IssueList();

  for (const group of CHECK_GROUPS) {
    if (group.sections.every((section) => shape.validSections.has(section))) {
      group.run(list, spec);
      continue;
    }
    const scratch = new IssueList();
    try {
      group.run(scratch, spec);
    } catch (error) {
      // A wrong type stopped the checks part way; the shape issues already report it.
      if (!(error instanceof TypeError)) throw error;
    }
    const shadowed = (issue: SpecIssue) => shape.issues.some((found) => isAtOrBelow(issue.path, found.path) || isAtOrBelow(found.path, issue.path));
    list.issues.push(...scratch.issues.filter((issue) => !shadowed(issue)));
  }

  const order = Object.keys(SECTION_SCHEMAS);
  const rank = (issue: SpecIssue) => {
    const index = order.indexOf(sectionOf(issue.path));
    return index < 0 ? -1 : index;
  };
  return [...shape.issues, ...list.issues].sort((a, b) => rank(a) - rank(b));
}
