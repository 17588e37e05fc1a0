import { ClusterSpec, PortProtocol } from '../../clusters/types';
import { AddressRange, parsePoolEntry, rangesOverlap } from './ip';
import { checkContainerdCustom } from './containerd-custom';
import { SpecIssue } from './spec-issue';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/;
const IMAGE_REFERENCE = /^[a-z0-9]+([._-][a-z0-9]+)*(:\d+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*(:[\w][\w.-]{0,127})?(@sha256:[a-f0-9]{64})?$/;

// Upstream images known to have no linux/loong64 variant: MetalLB publishes amd64, arm64, arm/v7, ppc64le and
// s390x only, Docker's official images and Kubernetes' pause image have no loong64 build either.
const NO_LOONG64_IMAGES = [
  /^quay\.io\/metallb\//,
  /^(docker\.io\/)?(library\/)?(busybox|alpine|debian|ubuntu)(:|@|$)/,
  /^registry\.k8s\.io\/pause(:|@|$)/,
  /^k8s\.gcr\.io\/pause(:|@|$)/,
];

export class IssueList {
  readonly issues: SpecIssue[] = [];

  add(path: string, value: unknown, problem: string, fix: string): void {
    this.issues.push({ path, value, problem, fix });
  }
}

export function isPort(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 65535;
}

function checkPort(list: IssueList, path: string, value: unknown): boolean {
  if (!isPort(value)) {
    list.add(path, value, 'is not a port number', 'use a whole number from 1 to 65535');
    return false;
  }
  return true;
}

function checkDnsLabel(list: IssueList, path: string, value: unknown): void {
  if (typeof value !== 'string' || !DNS_LABEL.test(value)) {
    list.add(path, value, 'is not a valid Kubernetes name (DNS label)', 'use at most 63 lower-case letters, digits and "-", starting and ending with a letter or digit');
  }
}

export function checkImage(list: IssueList, spec: ClusterSpec, path: string, value: unknown): void {
  if (typeof value !== 'string' || !IMAGE_REFERENCE.test(value)) {
    list.add(path, value, 'is not a valid image reference', 'use registry/repository:tag or registry/repository@sha256:digest, lower case, no spaces');
    return;
  }
  if (spec.nodeArch === 'loong64' && NO_LOONG64_IMAGES.some((pattern) => pattern.test(value))) {
    list.add(path, value, 'is an upstream image without a linux/loong64 variant', 'point it at a loong64 build in your own registry, e.g. my.registry.local/loong64/...');
  }
}

function checkHostPorts(list: IssueList, spec: ClusterSpec): void {
  spec.reservedHostPorts.forEach((reserved, index) => {
    checkPort(list, `reservedHostPorts[${index}].port`, reserved.port);
    if (reserved.protocol !== 'TCP' && reserved.protocol !== 'UDP') {
      list.add(`reservedHostPorts[${index}].protocol`, reserved.protocol, 'is not a protocol', 'use "TCP" or "UDP"');
    }
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
        list.add(claim.path, claim.port, `collides with host port ${reserved.port}/${reserved.protocol}, already held by ${reserved.owner} on the nodes (the speaker runs with hostNetwork)`, 'choose a port no host process uses, e.g. 7947 for the memberlist');
      }
    }
  }
  if (speakerPorts.length === 2 && speakerPorts[0].port === speakerPorts[1].port) {
    list.add('metallb.monitoringPort', spec.metallb.monitoringPort, 'equals metallb.memberlistPort; both are bound by the speaker on the node', 'give the monitoring and memberlist ports different numbers');
  }
}

function checkAddressPools(list: IssueList, spec: ClusterSpec): void {
  const seen = new Map<string, number>();
  const ranges: Array<{ path: string; entry: string; range: AddressRange }> = [];

  spec.metallb.addressPools.forEach((pool, index) => {
    const base = `metallb.addressPools[${index}]`;
    if (typeof pool.name !== 'string' || !DNS_SUBDOMAIN.test(pool.name)) {
      list.add(`${base}.name`, pool.name, 'is not a valid Kubernetes object name', 'use lower-case letters, digits, "-" and "."');
    } else if (seen.has(pool.name)) {
      list.add(`${base}.name`, pool.name, `duplicates metallb.addressPools[${seen.get(pool.name)}].name`, 'give every pool its own name');
    } else {
      seen.set(pool.name, index);
    }

    if (!Array.isArray(pool.addresses) || pool.addresses.length === 0) {
      list.add(`${base}.addresses`, pool.addresses, 'is empty', 'list at least one CIDR or range');
      return;
    }
    pool.addresses.forEach((entry, entryIndex) => {
      const path = `${base}.addresses[${entryIndex}]`;
      const parsed = typeof entry === 'string' ? parsePoolEntry(entry) : 'is not a string';
      if (typeof parsed === 'string') {
        list.add(path, entry, `is not a valid address pool entry: ${parsed}`, 'write a CIDR such as 192.0.2.0/28 or a range such as 192.0.2.10-192.0.2.20');
        return;
      }
      const overlapping = ranges.find((other) => rangesOverlap(other.range, parsed));
      if (overlapping) {
        list.add(path, entry, `overlaps ${overlapping.path} (${overlapping.entry})`, 'make the pools and their entries disjoint');
      }
      ranges.push({ path, entry, range: parsed });
    });
  });
}

/** Checks one cluster spec as data, before any construct runs. Returns every problem found, in field order. */
export function validateClusterSpec(spec: ClusterSpec): SpecIssue[] {
  const list = new IssueList();

  checkDnsLabel(list, 'name', spec.name);
  if (spec.kubernetesVersion !== '1.29') {
    list.add('kubernetesVersion', spec.kubernetesVersion, 'is not supported', 'use "1.29"; the schemas and cdk8s-plus-29 target that version');
  }
  if (typeof spec.nodeArch !== 'string' || spec.nodeArch === '' || !LABEL_VALUE.test(spec.nodeArch)) {
    list.add('nodeArch', spec.nodeArch, 'is not a valid kubernetes.io/arch label value', 'use the architecture name the kubelet reports, e.g. loong64');
  }

  checkImage(list, spec, 'images.metallbController', spec.images.metallbController);
  checkImage(list, spec, 'images.metallbSpeaker', spec.images.metallbSpeaker);
  checkImage(list, spec, 'images.nodeBootstrap', spec.images.nodeBootstrap);
  checkImage(list, spec, 'images.preflight', spec.images.preflight);

  checkDnsLabel(list, 'metallb.namespace', spec.metallb.namespace);
  checkHostPorts(list, spec);
  if (!['all', 'debug', 'info', 'warn', 'error', 'none'].includes(spec.metallb.logLevel)) {
    list.add('metallb.logLevel', spec.metallb.logLevel, 'is not a MetalLB log level', 'use one of all, debug, info, warn, error, none');
  }
  checkAddressPools(list, spec);

  checkContainerdCustom(list, spec);

  checkDnsLabel(list, 'nodeBootstrap.namespace', spec.nodeBootstrap.namespace);
  if (spec.nodeBootstrap.namespace === spec.metallb.namespace) {
    list.add('nodeBootstrap.namespace', spec.nodeBootstrap.namespace, 'equals metallb.namespace', 'give the bootstrap DaemonSet its own namespace');
  }
  if (!Number.isInteger(spec.nodeBootstrap.checkIntervalSeconds) || spec.nodeBootstrap.checkIntervalSeconds < 5) {
    list.add('nodeBootstrap.checkIntervalSeconds', spec.nodeBootstrap.checkIntervalSeconds, 'is not a whole number of at least 5', 'use e.g. 60');
  }

  return list.issues;
}
