import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { clusters } from '../clusters';
import { langFromEnv } from '../constructs/validation/locale';
import { readTree } from './helpers/tree';

const ROOT = resolve(__dirname, '..');
const TS_NODE = join(ROOT, 'node_modules', '.bin', 'ts-node');

/** Runs the synth command with a clean locale plus `env`, and returns its exit code and output. */
function synth(args: string[], env: Record<string, string> = {}, cwd = ROOT) {
  const result = spawnSync(TS_NODE, ['--swc', join(ROOT, 'main.ts'), ...args], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}


describe('locale', () => {
  test.each([
    [{ LANG: 'zh_CN.UTF-8' }, 'zh'],
    [{ LANG: 'zh_TW.UTF-8' }, 'zh'],
    [{ LANG: 'en_US.UTF-8' }, 'en'],
    [{}, 'en'],
    [{ LC_ALL: 'zh_CN.UTF-8', LANG: 'en_US.UTF-8' }, 'zh'],
    [{ LC_ALL: 'C', LANG: 'zh_CN.UTF-8' }, 'en'],
    [{ LC_ALL: '', LC_MESSAGES: 'zh_CN', LANG: 'en_US' }, 'zh'],
  ])('%j means %s', (env, lang) => {
    expect(langFromEnv(env)).toBe(lang);
  });
});

describe('synth command', () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'cli-'));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  test.each([
    ['en', { LANG: 'en_US.UTF-8' }, ['Usage:', 'Options:']],
    ['zh', { LANG: 'zh_CN.UTF-8' }, ['用法：', '选项：']],
  ])('help in %s documents every option', (_lang, env, headings) => {
    const { status, stdout } = synth(['--help'], env);
    expect(status).toBe(0);
    for (const heading of headings) expect(stdout).toContain(heading);
    for (const flag of ['--outdir', '--clusters', '--lang', '--help']) expect(stdout).toMatch(new RegExp(`^  ${flag}\\b`, 'm'));
  });

  test('--lang wins over the locale', () => {
    expect(synth(['--help', '--lang', 'en'], { LANG: 'zh_CN.UTF-8' }).stdout).toContain('Usage:');
    expect(synth(['--help', '--lang=zh'], { LANG: 'en_US.UTF-8' }).stdout).toContain('用法：');
  });

  test('bad --lang value rejected', () => {
    const { status, stderr } = synth(['--lang', 'fr']);
    expect(status).toBe(2);
    expect(stderr).toBe('error: --lang does not accept "fr"; use en or zh\n');
  });

  test('unknown argument in Chinese', () => {
    const { status, stderr } = synth(['--bogus'], { LANG: 'zh_CN.UTF-8' });
    expect(status).toBe(2);
    expect(stderr).toBe('错误：无法识别的参数 "--bogus"；用 --help 查看可用选项\n');
  });

  test('unreadable cluster file', () => {
    const { status, stderr } = synth(['--clusters', join(work, 'missing.json')]);
    expect(status).toBe(2);
    expect(stderr).toMatch(/^error: cannot read the cluster file .*missing\.json: ENOENT/);
  });

  test('bad spec exits 1 and leaves dist byte-identical', () => {
    const out = join(work, 'dist');
    cpSync(join(ROOT, 'dist'), out, { recursive: true });
    const before = readTree(out);

    const broken = structuredClone(clusters[0]) as any;
    broken.metallb.memberlistPort = 7946;
    broken.containerdCustom.systemdCgroup = 'true';
    broken.metallb.memberListPort = 1;
    const file = join(work, 'broken.json');
    writeFileSync(file, JSON.stringify([broken]));

    const english = synth(['--clusters', file, '--outdir', out]);
    expect(english.status).toBe(1);
    expect(english.stdout).toBe('');
    expect(english.stderr).toContain('invalid cluster spec (4 problems); nothing was written:');
    expect(english.stderr).toContain('loongarch-prod: metallb.memberListPort = 1: is not a known key. Fix: did you mean "memberlistPort"?');
    expect(english.stderr).toContain('loongarch-prod: metallb.memberlistPort = 7946: collides with host port 7946/TCP');
    expect(english.stderr).toContain('loongarch-prod: containerdCustom.systemdCgroup = "true": is a string, not a boolean');

    const chinese = synth(['--clusters', file, '--outdir', out], { LANG: 'zh_CN.UTF-8' });
    expect(chinese.status).toBe(1);
    expect(chinese.stderr).toContain('集群 spec 有 4 处错误，未写入任何文件：');
    expect(chinese.stderr).toContain('loongarch-prod：metallb.memberlistPort = 7946：与节点上已被 dockerd 占用的端口 7946/TCP 冲突');
    expect(chinese.stderr).toContain('loongarch-prod：containerdCustom.systemdCgroup = "true"：是字符串，应为布尔值。修改方法：请写 true 或 false，不加引号。');

    expect(readTree(out)).toEqual(before);
    expect(readdirSync(work).filter((entry) => entry.startsWith('.dist'))).toEqual([]);
  });

  // These run in a scratch folder with a canary file, so a broken guard could only wipe that folder.
  test('working directory refused as outdir', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'cli-cwd-'));
    writeFileSync(join(cwd, 'canary.txt'), 'keep');
    try {
      for (const outdir of ['.', '..', cwd]) {
        const { status, stderr } = synth(['--outdir', outdir], {}, cwd);
        expect(status).toBe(2);
        expect(stderr).toBe(`error: --outdir ${outdir} is the working directory or one of its parents, and replacing it would delete everything in it; name a folder of its own, e.g. dist\n`);
      }
      expect(readdirSync(cwd)).toEqual(['canary.txt']);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  test('folder with foreign files refused as outdir', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'cli-cwd-'));
    mkdirSync(join(cwd, 'out', 'notes'), { recursive: true });
    writeFileSync(join(cwd, 'out', 'notes', 'todo.md'), 'keep');
    try {
      const { status, stderr } = synth(['--outdir', 'out'], { LANG: 'zh_CN.UTF-8' }, cwd);
      expect(status).toBe(2);
      expect(stderr).toBe('错误：--outdir out 中有 notes/todo.md，这不是 synth 生成的文件，整体替换会删掉它；请指定空目录或之前 synth 生成的目录\n');
      expect(readdirSync(join(cwd, 'out', 'notes'))).toEqual(['todo.md']);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  test('help survives a closed pipe', () => {
    const result = spawnSync('sh', ['-c', `"${TS_NODE}" --swc "${join(ROOT, 'main.ts')}" --help | head -1`], { cwd: ROOT, encoding: 'utf8' });
    expect(result.stdout).toBe('Usage: npm run synth -- [--outdir DIR] [--clusters FILE] [--lang en|zh] [--help]\n');
    expect(result.stderr).toBe('');
  });

  test('summary in Chinese', () => {
    const { status, stdout } = synth(['--outdir', join(work, 'zh-out')], { LANG: 'zh_CN.UTF-8' });
    expect(status).toBe(0);
    expect(stdout).toMatch(/^已写入 .*\/loongarch-prod\/：共 \d+ 个对象（.*metallb \d+.*）$/m);
  });
});
