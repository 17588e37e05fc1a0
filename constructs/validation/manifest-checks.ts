/** A synthesized Kubernetes object as plain JSON. */
export type Manifest = {
  apiVersion: string;
  kind: string;
  metadata: { name?: string; namespace?: string };
  spec?: Record<string, any>;
};

interface ContainerPort {
  name?: string;
  containerPort: number;
  hostPort?: number;
  protocol?: string;
}

/** Returns the pod spec of a workload or Pod, or undefined for other kinds. */
export function podSpecOf(manifest: Manifest): Record<string, any> | undefined {
  if (manifest.kind === 'Pod') return manifest.spec;
  return manifest.spec?.template?.spec ?? manifest.spec?.jobTemplate?.spec?.template?.spec;
}

function describe(manifest: Manifest): string {
  return `${manifest.kind} ${manifest.metadata.namespace ? `${manifest.metadata.namespace}/` : ''}${manifest.metadata.name}`;
}

/**
 * Checks two rules of host-network pods that cdk8s does not check. The API server rejects a hostPort that differs
 * from its containerPort. And no two host-network workloads may claim the same port and protocol, because every
 * node runs all of them. Returns one message per violation.
 */
export function checkHostNetworkPorts(manifests: readonly Manifest[]): string[] {
  const problems: string[] = [];
  const claims = new Map<string, string>();

  for (const manifest of manifests) {
    const pod = podSpecOf(manifest);
    if (!pod?.hostNetwork) continue;
    const containers = [...(pod.initContainers ?? []), ...(pod.containers ?? [])];

    for (const container of containers) {
      for (const port of (container.ports ?? []) as ContainerPort[]) {
        const where = `${describe(manifest)} container ${container.name} port ${port.name ?? port.containerPort}`;
        if (port.hostPort !== undefined && port.hostPort !== port.containerPort) {
          problems.push(`${where}: hostPort ${port.hostPort} differs from containerPort ${port.containerPort}; with hostNetwork the API server rejects that, so derive both from one value`);
        }
        const key = `${port.containerPort}/${port.protocol ?? 'TCP'}`;
        const owner = claims.get(key);
        if (owner && !owner.startsWith(`${describe(manifest)} `)) {
          problems.push(`${where}: host port ${key} is also claimed by ${owner}`);
        }
        claims.set(key, where);
      }
    }
  }
  return problems;
}

/** Checks that no two objects share kind, namespace and name: the later one would silently replace the first. */
export function checkUniqueObjects(manifests: readonly Manifest[]): string[] {
  const seen = new Set<string>();
  const problems: string[] = [];
  for (const manifest of manifests) {
    const key = `${manifest.apiVersion} ${describe(manifest)}`;
    if (seen.has(key)) problems.push(`${key} is emitted twice`);
    seen.add(key);
  }
  return problems;
}
