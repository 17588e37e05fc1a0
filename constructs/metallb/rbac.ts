import { k8s } from '../k8s';
import { Construct } from 'constructs';
import { METALLB_NAMES } from './names';

export interface MetallbRbacProps {
  readonly namespace: string;
}

type Rule = k8s.PolicyRule;

const READ = ['get', 'list', 'watch'];
const WRITE_ALL = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];
const CORE = '';
const METALLB = 'metallb.io';

/** Builds a rule that grants `verbs` on each resource of `resources` in API group `group`. */
function rule(group: string, resources: string[], verbs: string[], resourceNames?: string[]): Rule {
  return { apiGroups: [group], resources, verbs, ...(resourceNames ? { resourceNames } : {}) };
}

/** Builds one rule per resource, as the upstream roles list them, so the rule sets compare one to one. */
function rulesPerResource(group: string, resources: string[], verbs: string[]): Rule[] {
  return resources.map((resource) => rule(group, [resource], verbs));
}

/**
 * Service accounts, roles and bindings of the MetalLB controller and speaker, with the same rules as the upstream
 * native manifest. The ClusterRoles keep the `podsecuritypolicies` grants even though Kubernetes 1.25 removed that
 * API, so the install stays equal to upstream; the grants are inert.
 */
export class MetallbRbac extends Construct {
  constructor(scope: Construct, id: string, props: MetallbRbacProps) {
    super(scope, id);
    const { namespace } = props;
    const labels = { app: 'metallb' };

    for (const name of [METALLB_NAMES.controller, METALLB_NAMES.speaker]) {
      new k8s.KubeServiceAccount(this, `sa-${name}`, { metadata: { name, namespace, labels } });
    }

    new k8s.KubeRole(this, 'role-controller', {
      metadata: { name: METALLB_NAMES.controller, namespace, labels },
      rules: [
        rule(CORE, ['secrets'], WRITE_ALL),
        rule(CORE, ['secrets'], ['list'], [METALLB_NAMES.memberlistSecret]),
        rule('apps', ['deployments'], ['get'], [METALLB_NAMES.controller]),
        rule(METALLB, ['bgppeers'], ['get', 'list']),
        rule(METALLB, ['bfdprofiles'], READ),
        rule(METALLB, ['ipaddresspools'], READ),
        rule(METALLB, ['ipaddresspools/status'], ['update']),
        ...rulesPerResource(METALLB, ['bgpadvertisements', 'l2advertisements', 'communities'], READ),
      ],
    });

    new k8s.KubeRole(this, 'role-speaker', {
      metadata: { name: METALLB_NAMES.speakerRole, namespace, labels },
      rules: [
        rule(CORE, ['pods'], ['list', 'get']),
        ...rulesPerResource(CORE, ['secrets', 'configmaps'], READ),
        ...rulesPerResource(
          METALLB,
          ['bfdprofiles', 'bgppeers', 'l2advertisements', 'bgpadvertisements', 'ipaddresspools', 'communities'],
          READ,
        ),
        rule(METALLB, ['servicebgpstatuses', 'servicebgpstatuses/status'], ['*']),
      ],
    });

    new k8s.KubeClusterRole(this, 'clusterrole-controller', {
      metadata: { name: METALLB_NAMES.controllerClusterRole, labels },
      rules: [
        rule(CORE, ['services', 'namespaces'], READ),
        rule(CORE, ['nodes'], ['list']),
        rule(CORE, ['services/status'], ['update']),
        rule(CORE, ['events'], ['create', 'patch']),
        rule('policy', ['podsecuritypolicies'], ['use'], [METALLB_NAMES.controller]),
        rule(
          'admissionregistration.k8s.io',
          ['validatingwebhookconfigurations'],
          WRITE_ALL,
          [METALLB_NAMES.webhookConfiguration],
        ),
        rule('admissionregistration.k8s.io', ['validatingwebhookconfigurations'], ['list', 'watch']),
        rule(
          'apiextensions.k8s.io',
          ['customresourcedefinitions'],
          WRITE_ALL,
          ['bfdprofiles', 'bgpadvertisements', 'bgppeers', 'ipaddresspools', 'l2advertisements', 'communities'].map(
            (plural) => `${plural}.${METALLB}`,
          ),
        ),
        rule('apiextensions.k8s.io', ['customresourcedefinitions'], ['list', 'watch']),
      ],
    });

    new k8s.KubeClusterRole(this, 'clusterrole-speaker', {
      metadata: { name: METALLB_NAMES.speakerClusterRole, labels },
      rules: [
        rule(METALLB, ['servicel2statuses', 'servicel2statuses/status'], ['*']),
        rule(CORE, ['services', 'endpoints', 'nodes', 'namespaces'], READ),
        rule('discovery.k8s.io', ['endpointslices'], READ),
        rule(CORE, ['events'], ['create', 'patch']),
        rule('policy', ['podsecuritypolicies'], ['use'], [METALLB_NAMES.speaker]),
      ],
    });

    // Bindings are declared with fixed names: cdk8s-plus's bind() helpers would name them by hash.
    const bindings: Array<[kind: 'Role' | 'ClusterRole', name: string, serviceAccount: string]> = [
      ['Role', METALLB_NAMES.controller, METALLB_NAMES.controller],
      ['Role', METALLB_NAMES.speakerRole, METALLB_NAMES.speaker],
      ['ClusterRole', METALLB_NAMES.controllerClusterRole, METALLB_NAMES.controller],
      ['ClusterRole', METALLB_NAMES.speakerClusterRole, METALLB_NAMES.speaker],
    ];
    for (const [kind, name, serviceAccount] of bindings) {
      const roleRef = { apiGroup: 'rbac.authorization.k8s.io', kind, name };
      const subjects = [{ kind: 'ServiceAccount', name: serviceAccount, namespace }];
      if (kind === 'Role') {
        new k8s.KubeRoleBinding(this, `rolebinding-${name}`, { metadata: { name, namespace, labels }, roleRef, subjects });
      } else {
        new k8s.KubeClusterRoleBinding(this, `clusterrolebinding-${name}`, { metadata: { name, labels }, roleRef, subjects });
      }
    }
  }
}
