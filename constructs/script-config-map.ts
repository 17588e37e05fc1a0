import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Construct } from 'constructs';
import { k8s } from './k8s';

export interface ScriptConfigMapProps {
  readonly name: string;
  readonly namespace: string;
  /** Absolute path of the shell file, which becomes the only key of the ConfigMap under its file name. */
  readonly scriptPath: string;
}

/**
 * A ConfigMap that carries one shell script from the repository to the pods that run it. Pods mount it as a
 * directory and put `checksum` in their template annotations, so a script change rolls them.
 */
export class ScriptConfigMap extends Construct {
  public readonly name: string;
  /** Key of the script in the ConfigMap, and its file name in the mounted directory. */
  public readonly fileName: string;
  /** SHA-256 of the script text. */
  public readonly checksum: string;

  constructor(scope: Construct, id: string, props: ScriptConfigMapProps) {
    super(scope, id);
    this.name = props.name;
    this.fileName = props.scriptPath.slice(props.scriptPath.lastIndexOf('/') + 1);
    const script = readFileSync(props.scriptPath, 'utf8');
    this.checksum = createHash('sha256').update(script).digest('hex');

    new k8s.KubeConfigMap(this, 'configmap', {
      metadata: {
        name: props.name,
        namespace: props.namespace,
        // The scripts use shell ${...} expansions, which Flux post-build substitution would otherwise replace.
        annotations: { 'kustomize.toolkit.fluxcd.io/substitute': 'disabled' },
      },
      data: { [this.fileName]: script },
    });
  }
}
