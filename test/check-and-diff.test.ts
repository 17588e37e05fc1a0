import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { clusters } from '../clusters';
import { synthesizeClusters } from '../constructs/synthesize';
import { diffDist } from '../scripts/diff';
import { lineDiff } from '../scripts/lib/markdown-report';
import { diffValues } from '../scripts/lib/object-diff';
import { withChange } from './helpers/synth';

const ROOT = resolve(__dirname, '..');
const TS_NODE = join(ROOT, 'node_modules/.bin/ts-node');
const scratch = mkdtempSync(join(tmpdir(), 'check-diff-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function runCheck(dist: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(TS_NODE, ['--transpile-only', 'scripts/check.ts', '--dist', dist], { cwd: ROOT, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('npm run check', () => {
  const dist = join(scratch, 'check', 'dist');
  synthesizeClusters(clusters, dist);

  test('fresh synth passes', () => {
    const result = runCheck(dist);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  test('hand-edited file fails by name', () => {
    const edited = join(dist, clusters[0].name, 'metallb/DaemonSet.speaker.k8s.yaml');
    appendFileSync(edited, '# hand edit\n');
    writeFileSync(join(dist, clusters[0].name, 'metallb/ConfigMap.stray.k8s.yaml'), 'kind: ConfigMap\n');
    rmSync(join(dist, '_argocd/kustomization.yaml'));

    const result = runCheck(dist);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`changed: ${dist}/${clusters[0].name}/metallb/DaemonSet.speaker.k8s.yaml`);
    expect(result.stderr).toContain(`extra:   ${dist}/${clusters[0].name}/metallb/ConfigMap.stray.k8s.yaml`);
    expect(result.stderr).toContain(`missing: ${dist}/_argocd/kustomization.yaml`);
    expect(result.stderr).toContain('in 3 file(s)');
  });
});

describe('npm run diff', () => {
  const repo = join(scratch, 'repo');
  const git = (...args: string[]): string =>
    execFileSync('git', ['-C', repo, ...args], {
      encoding: 'utf8',
      env: { ...process.env, GIT_AUTHOR_NAME: 'test', GIT_AUTHOR_EMAIL: 'test@example.local', GIT_COMMITTER_NAME: 'test', GIT_COMMITTER_EMAIL: 'test@example.local' },
    });

  // The first cluster changed, every other cluster as it is, so the test stays valid however many clusters exist.
  const changed = [
    withChange(clusters[0], (s) => {
      s.metallb.memberlistPort = 7948;
      s.metallb.addressPools = [...s.metallb.addressPools, { name: 'extra', addresses: ['192.0.2.0/28'] }];
      s.gitops.targetRevision = 'v1.2.0';
    }),
    ...clusters.slice(1),
  ];

  execFileSync('git', ['init', '-q', '-b', 'main', repo]);
  synthesizeClusters(clusters, join(repo, 'dist'));
  git('add', '-A');
  git('commit', '-q', '-m', 'first synth');
  git('checkout', '-q', '-b', 'feature');
  synthesizeClusters(changed, join(repo, 'dist'));
  git('add', '-A');
  git('commit', '-q', '-m', 'not the base');
  const afterCommit = git('rev-parse', 'HEAD').trim();
  synthesizeClusters(clusters, join(repo, 'dist'));
  synthesizeClusters(changed, join(repo, 'dist'));

  const report = diffDist({ repoDir: repo, distPath: 'dist' });

  test('default base is the merge base', () => {
    expect(report).toContain(`merge base with main (\`${git('rev-parse', 'main').trim().slice(0, 12)}\`)`);
  });

  test('counts added, removed and changed', () => {
    expect(report).toMatch(/\*\*2 added, 0 removed, \d+ changed\*\*/);
  });

  test('added objects listed', () => {
    expect(report).toContain('- added `IPAddressPool metallb-system/extra`');
    expect(report).toContain('- added `L2Advertisement metallb-system/extra`');
  });

  test('changed field paths with old and new', () => {
    expect(report).toContain('- changed `DaemonSet metallb-system/speaker`');
    expect(report).toContain('| `spec.template.spec.containers[name=speaker].env[name=METALLB_ML_BIND_PORT].value` | <code>"7947"</code> | <code>"7948"</code> |');
    expect(report).toContain('| `spec.source.targetRevision` | <code>"main"</code> | <code>"v1.2.0"</code> |');
  });

  test('removed objects listed', () => {
    const back = diffDist({ repoDir: repo, ref: afterCommit, distPath: 'dist' });
    expect(back).toContain('No object changed.');
    synthesizeClusters(clusters, join(repo, 'dist'));
    const reverted = diffDist({ repoDir: repo, ref: afterCommit, distPath: 'dist' });
    expect(reverted).toContain('- removed `IPAddressPool metallb-system/extra`');
    expect(reverted).toMatch(/\*\*0 added, 2 removed/);
  });

  test('unknown ref named in the error', () => {
    expect(() => diffDist({ repoDir: repo, ref: 'no-such-branch', distPath: 'dist' })).toThrow('git ref "no-such-branch" was not found');
  });

  test('CLI prints the report', () => {
    const result = spawnSync(TS_NODE, ['--transpile-only', join(ROOT, 'scripts/diff.ts'), 'main'], { cwd: repo, encoding: 'utf8', env: { ...process.env, TS_NODE_PROJECT: join(ROOT, 'tsconfig.json') } });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('### dist/ objects: main (');
  });
});

describe('field diff', () => {
  test('lists match by name', () => {
    const before = { containers: [{ name: 'a', image: 'x:1' }, { name: 'b', image: 'y:1' }] };
    const after = { containers: [{ name: 'b', image: 'y:2' }, { name: 'a', image: 'x:1' }] };
    expect(diffValues(before, after)).toEqual([{ path: 'containers[name=b].image', old: 'y:1', new: 'y:2' }]);
  });

  test('lists without names match by index', () => {
    expect(diffValues({ args: ['--a', '--b'] }, { args: ['--a'] })).toEqual([{ path: 'args[1]', old: '--b', new: undefined }]);
  });

  test('keys with dots quoted', () => {
    expect(diffValues({ metadata: { annotations: { 'a.io/x': '1' } } }, { metadata: { annotations: { 'a.io/x': '2' } } })).toEqual([
      { path: 'metadata.annotations["a.io/x"]', old: '1', new: '2' },
    ]);
  });

  test('line diff of scripts', () => {
    expect(lineDiff('a\nb\nc', 'a\nB\nc\nd')).toEqual(['-b', '+B', '+d']);
  });
});
