import { k8s } from '../k8s';

/** Name of the metrics port; both probes reference it by name, so it never changes with the number. */
export const MONITORING_PORT_NAME = 'monitoring';

/** Builds the liveness and readiness probe MetalLB uses on both workloads: the metrics endpoint on the monitoring port. */
export function metricsProbe(): k8s.Probe {
  return {
    httpGet: { path: '/metrics', port: k8s.IntOrString.fromString(MONITORING_PORT_NAME) },
    initialDelaySeconds: 10,
    periodSeconds: 10,
    timeoutSeconds: 1,
    successThreshold: 1,
    failureThreshold: 3,
  };
}

/** Prometheus scrape annotations for a pod whose metrics listen on `port`. */
export function prometheusAnnotations(port: number): Record<string, string> {
  return { 'prometheus.io/port': String(port), 'prometheus.io/scrape': 'true' };
}

/** Node selector that keeps a pod on Linux nodes of the cluster's architecture. */
export function linuxArchNodeSelector(arch: string): Record<string, string> {
  return { 'kubernetes.io/arch': arch, 'kubernetes.io/os': 'linux' };
}
