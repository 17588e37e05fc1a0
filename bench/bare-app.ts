/**
 * The baseline of the benchmark: a bare cdk8s app that writes a given number of ConfigMaps for a given number of
 * clusters, with the same runtime, output layout and clean-up as `main.ts`, but none of the project's constructs,
 * validation or checks.
 *
 * Usage: ts-node --swc bench/bare-app.ts OUTDIR CLUSTERS OBJECTS_PER_CLUSTER
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { ApiObject, App, Chart, YamlOutputType } from 'cdk8s';

/** Writes `clusterCount` folders of `objectsPerCluster` ConfigMaps each under `outdir`, replacing it. */
export function writeBareApp(outdir: string, clusterCount: number, objectsPerCluster: number): void {
  rmSync(outdir, { recursive: true, force: true });
  for (let cluster = 0; cluster < clusterCount; cluster++) {
    const app = new App({ outdir: join(outdir, `cluster-${cluster}`), yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE });
    const chart = new Chart(app, 'bare', { disableResourceNameHashes: true });
    for (let index = 0; index < objectsPerCluster; index++) {
      new ApiObject(chart, `object-${index}`, {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: `object-${index}`, namespace: 'bench' },
        data: { index: String(index) },
      });
    }
    app.synth();
  }
}

if (require.main === module) {
  writeBareApp(process.argv[2], Number(process.argv[3]), Number(process.argv[4]));
}
