import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { clusters } from '../clusters';
import { synthesizeClusters } from '../constructs/synthesize';
import { SpecValidationError } from '../constructs/validation/spec-issue';
import { withChange } from './helpers/synth';
import { readTree } from './helpers/tree';

const ROOT = resolve(__dirname, '..');


describe('synthesizeClusters', () => {
  let work: string;
  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), 'synthesize-'));
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  test('committed dist/ equals a fresh synth', () => {
    synthesizeClusters(clusters, join(work, 'dist'));
    expect(readTree(join(work, 'dist'))).toEqual(readTree(join(ROOT, 'dist')));
  });

  test('two runs are byte-identical', () => {
    synthesizeClusters(clusters, join(work, 'a'));
    synthesizeClusters(clusters, join(work, 'b'));
    expect(readTree(join(work, 'a'))).toEqual(readTree(join(work, 'b')));
  });

  test('stale files are removed', () => {
    const out = join(work, 'dist');
    mkdirSync(join(out, 'removed-cluster'), { recursive: true });
    writeFileSync(join(out, 'removed-cluster', 'Old.k8s.yaml'), 'kind: Old\n');
    synthesizeClusters(clusters, out);
    expect(readdirSync(out).sort()).toEqual(['_argocd', ...clusters.map((c) => c.name)].sort());
  });

  test('invalid spec leaves previous output byte-identical', () => {
    const out = join(work, 'dist');
    synthesizeClusters(clusters, out);
    const before = readTree(out);

    const broken = withChange(clusters[0], (s) => (s.metallb.memberlistPort = 7946));
    expect(() => synthesizeClusters([broken], out)).toThrow(SpecValidationError);
    expect(readTree(out)).toEqual(before);
    expect(readdirSync(work)).toEqual(['dist']);
  });

  test('error lists every problem and says nothing was written', () => {
    const broken = withChange(clusters[0], (s) => {
      s.metallb.memberlistPort = 7946;
      s.containerdCustom.root = '/var/lib/containerd';
    });
    expect(() => synthesizeClusters([broken], join(work, 'dist'))).toThrow(
      /invalid cluster spec \(3 problems\); nothing was written:\n {2}- loongarch-prod: metallb\.memberlistPort = 7946/,
    );
  });

  test('duplicate cluster names rejected', () => {
    expect(() => synthesizeClusters([clusters[0], clusters[0]], join(work, 'dist'))).toThrow(/name = "loongarch-prod": is used by two clusters/);
  });
});

describe('synth command', () => {
  const tsNode = join(ROOT, 'node_modules', '.bin', 'ts-node');

  test('writes the outdir and prints a summary', () => {
    const out = mkdtempSync(join(tmpdir(), 'synth-cli-'));
    try {
      const stdout = execFileSync(tsNode, ['--transpile-only', 'main.ts', '--outdir', join(out, 'dist')], { cwd: ROOT, encoding: 'utf8' });
      expect(stdout).toMatch(/^wrote .*\/loongarch-prod\/: \d+ objects \(.*metallb \d+, metallb-config 2, node-bootstrap \d+\)$/m);
      expect(readdirSync(join(out, 'dist'))).toEqual(['_argocd', ...clusters.map((c) => c.name)].sort());
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  test('help lists the options', () => {
    const stdout = execFileSync(tsNode, ['--transpile-only', 'main.ts', '--help'], { cwd: ROOT, encoding: 'utf8' });
    expect(stdout).toContain('--outdir DIR');
  });
});
