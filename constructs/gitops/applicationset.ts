import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ClusterSpec } from '../../clusters/types';
import { ARGOCD_API_VERSION, applicationSyncPolicy } from './argocd';
import { controllerFilledFields, IgnoreDifference } from './ignore-differences';
import { DeliveryUnit } from './units';

export const APPLICATIONSET_NAME = 'cluster-units';

export interface ClusterUnits {
  readonly spec: ClusterSpec;
  readonly units: readonly DeliveryUnit[];
}

function uniqueByJson<T>(items: readonly T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = JSON.stringify(item);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * One ApplicationSet that creates the unit Applications of every cluster from a list generator, one element per
 * cluster and unit. It is the alternative to the per-cluster app-of-apps roots; use one or the other, because both
 * create Applications with the same names.
 *
 * The template is shared, so it carries the `ignoreDifferences` of all units together. The entries are scoped by
 * name and do nothing where the object is absent. An ApplicationSet does not order its Applications, so the units
 * that need another unit first rely on the sync retry until the MetalLB webhook serves.
 */
export class ArgoCdApplicationSet extends Construct {
  constructor(scope: Construct, id: string, clusters: readonly ClusterUnits[]) {
    super(scope, id);
    const first = clusters[0].spec;

    const elements = clusters.flatMap(({ spec, units }) =>
      units.map((unit) => ({
        cluster: spec.name,
        unit: unit.name,
        path: unit.path,
        project: spec.gitops.argocd.project,
        repoURL: spec.gitops.repoURL,
        targetRevision: spec.gitops.targetRevision,
        server: spec.gitops.destinationServer,
      })),
    );
    const ignoreDifferences: IgnoreDifference[] = uniqueByJson(clusters.flatMap(({ units }) => units.flatMap((unit) => controllerFilledFields(unit.manifests))));

    new ApiObject(this, 'applicationset', {
      apiVersion: ARGOCD_API_VERSION,
      kind: 'ApplicationSet',
      metadata: { name: APPLICATIONSET_NAME, namespace: first.gitops.argocd.namespace },
      spec: {
        goTemplate: true,
        goTemplateOptions: ['missingkey=error'],
        generators: [{ list: { elements } }],
        template: {
          metadata: { name: '{{.cluster}}-{{.unit}}' },
          spec: {
            project: '{{.project}}',
            source: { repoURL: '{{.repoURL}}', targetRevision: '{{.targetRevision}}', path: '{{.path}}' },
            destination: { server: '{{.server}}' },
            ignoreDifferences,
            syncPolicy: applicationSyncPolicy(),
          },
        },
      },
    });
  }
}
