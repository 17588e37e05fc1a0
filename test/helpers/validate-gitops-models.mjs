// Validates Argo CD and Flux objects against the upstream CRD schemas that @kubernetes-models ships. The packages
// are ES modules only, so jest (CommonJS) runs this file in a child process: node validate-gitops-models.mjs FILE...
// Prints a JSON array with one entry per object: { file, kind, name, error }, where error is null when valid.
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { Application, ApplicationSet } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1';
import { Kustomization } from '@kubernetes-models/flux-cd/kustomize.toolkit.fluxcd.io/v1';

const MODELS = {
  'argoproj.io/v1alpha1 Application': Application,
  'argoproj.io/v1alpha1 ApplicationSet': ApplicationSet,
  'kustomize.toolkit.fluxcd.io/v1 Kustomization': Kustomization,
};

const results = [];
for (const file of process.argv.slice(2)) {
  for (const document of parseAllDocuments(readFileSync(file, 'utf8'))) {
    const object = document.toJS();
    const Model = MODELS[`${object.apiVersion} ${object.kind}`];
    let error = null;
    if (!Model) {
      error = `no schema for ${object.apiVersion} ${object.kind}`;
    } else {
      try {
        new Model(object).validate();
      } catch (caught) {
        error = caught.message;
      }
    }
    results.push({ file, kind: object.kind, name: object.metadata?.name, error });
  }
}
process.stdout.write(JSON.stringify(results));
