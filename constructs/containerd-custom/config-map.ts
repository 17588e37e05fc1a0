import { k8s } from '../k8s';
import { Construct } from 'constructs';
import { ContainerdCustomSpec } from '../../clusters/types';
import { ConfigFile, configChecksum, containerdConfigFiles } from './config-files';

export interface ContainerdCustomConfigMapProps {
  readonly namespace: string;
  readonly spec: ContainerdCustomSpec;
  /** @default 'containerd-custom-config' */
  readonly name?: string;
}

/** The ConfigMap that carries containerd-custom's `config.toml` and its `hosts.toml` files to the nodes. */
export class ContainerdCustomConfigMap extends Construct {
  public readonly name: string;
  public readonly files: readonly ConfigFile[];
  /** SHA-256 of all files, for the bootstrap pod template's annotation. */
  public readonly checksum: string;

  constructor(scope: Construct, id: string, props: ContainerdCustomConfigMapProps) {
    super(scope, id);
    this.name = props.name ?? 'containerd-custom-config';
    this.files = containerdConfigFiles(props.spec);
    this.checksum = configChecksum(this.files);

    new k8s.KubeConfigMap(this, 'configmap', {
      metadata: { name: this.name, namespace: props.namespace },
      data: Object.fromEntries(this.files.map((file) => [file.key, file.content])),
    });
  }

  /** Returns volume items that lay the keys out as the config directory tree, with `certs.d/<host>/hosts.toml` files. */
  public volumeItems(): k8s.KeyToPath[] {
    return this.files.map((file) => ({ key: file.key, path: file.path }));
  }
}
