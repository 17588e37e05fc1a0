/**
 * The Kubernetes 1.29 L1 classes (`KubeDaemonSet`, `KubeConfigMap`, ...) that cdk8s-plus-29 generates and ships.
 * The constructs use only these, never the cdk8s-plus L2 API, whose defaults (resource limits, security context,
 * hashed selectors) would leak into the output. Loading this module alone instead of the package entry skips the
 * whole L2 library, about 30 ms of every synth (measured with `npm run bench`).
 */
export * as k8s from 'cdk8s-plus-29/lib/imports/k8s';
