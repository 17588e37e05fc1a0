import { clusters } from '../../clusters';
import { ClusterSpec, ContainerdConfigVersion } from '../../clusters/types';
import { withChange } from './synth';

export type MirrorForm = 'hosts' | 'legacy';

/** `spec` with containerd-custom switched to another config version and mirror form (configPath dropped for legacy). */
export function containerdVariant(spec: ClusterSpec, version: ContainerdConfigVersion, form: MirrorForm): ClusterSpec {
  return withChange(spec, (copy) => {
    copy.containerdCustom.configVersion = version;
    copy.containerdCustom.registry.mirrorForm = form;
    if (form === 'legacy') delete copy.containerdCustom.registry.configPath;
  });
}

/**
 * Every cluster in both mirror forms with config version 2: the configs the installed containerd (1.6 in CI) can
 * check. Version 3 configs are checked structurally only (see the NOTE in containerd-custom.config.test.ts).
 */
export const VERSION_2_CASES: ReadonlyArray<readonly [string, MirrorForm, ClusterSpec]> = clusters.flatMap((spec) =>
  (['hosts', 'legacy'] as const).map((form) => [spec.name, form, containerdVariant(spec, 2, form)] as const),
);
