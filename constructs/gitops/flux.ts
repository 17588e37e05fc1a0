import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ClusterSpec } from '../../clusters/types';
import { DeliveryUnit, unitDependencies } from './units';

export const FLUX_KUSTOMIZATION_API_VERSION = 'kustomize.toolkit.fluxcd.io/v1';

export interface FluxKustomizationsProps {
  readonly spec: ClusterSpec;
  readonly units: readonly DeliveryUnit[];
}

/**
 * One Flux Kustomization per deployable unit, reading the unit's folder from the GitRepository that
 * `flux bootstrap` created.
 *
 * `wait: true` health-checks every object the unit applies (Deployments and DaemonSets roll out, CRDs are
 * established), and a unit that carries custom resources lists the unit with their CRDs in `dependsOn`. So the
 * MetalLB address pools are applied only once the MetalLB install is Ready. Flux ignores `healthChecks` when
 * `wait` is set, so none are listed.
 */
export class FluxKustomizations extends Construct {
  constructor(scope: Construct, id: string, props: FluxKustomizationsProps) {
    super(scope, id);
    const { spec, units } = props;
    const flux = spec.gitops.flux;

    for (const unit of units) {
      const dependsOn = unitDependencies(unit, units).map((name) => ({ name }));
      new ApiObject(this, unit.name, {
        apiVersion: FLUX_KUSTOMIZATION_API_VERSION,
        kind: 'Kustomization',
        metadata: { name: unit.name, namespace: flux.sourceNamespace },
        spec: {
          interval: flux.interval,
          retryInterval: flux.retryInterval,
          timeout: flux.timeout,
          sourceRef: { kind: 'GitRepository', name: flux.sourceName },
          path: `./${unit.path}`,
          prune: true,
          wait: true,
          ...(dependsOn.length > 0 ? { dependsOn } : {}),
        },
      });
    }
  }
}
