import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { clusters } from '../clusters';
import { listFiles, synthToTemp } from './helpers/dist';
import { describeWithTools } from './helpers/tools';

const dist = synthToTemp(clusters);
afterAll(() => rmSync(dirname(dist), { recursive: true, force: true }));
const folders = listFiles(dist)
  .filter((file) => file.endsWith('/kustomization.yaml'))
  .map((file) => dirname(file));

function identity(object: any): string {
  return `${object.kind} ${object.metadata.namespace ?? ''}/${object.metadata.name}`;
}

describe('kustomization.yaml per folder', () => {
  test('every folder with objects has one', () => {
    const objectFolders = new Set(listFiles(dist).filter((file) => file.endsWith('.k8s.yaml')).map((file) => dirname(file)));
    expect([...objectFolders].sort()).toEqual([...folders].sort());
    expect(folders).toContain(`${clusters[0].name}/metallb`);
    expect(folders).toContain('_argocd');
  });

  test.each(folders)('%s lists every object file', (folder) => {
    const kustomization = parse(readFileSync(join(dist, folder, 'kustomization.yaml'), 'utf8'));
    const files = listFiles(join(dist, folder)).filter((file) => file !== 'kustomization.yaml');
    expect(kustomization.resources).toEqual(files);
  });

});

describeWithTools('kubectl kustomize', ['kubectl'], () => {
  test.each(folders)('builds %s', (folder) => {
    const output = execFileSync('kubectl', ['kustomize', join(dist, folder)], { encoding: 'utf8' });
    const built = parseAllDocuments(output).map((document) => identity(document.toJS()));
    const expected = listFiles(join(dist, folder))
      .filter((file) => file !== 'kustomization.yaml')
      .map((file) => identity(parse(readFileSync(join(dist, folder, file), 'utf8'))));
    expect(built.sort()).toEqual(expected.sort());
  });
});
