import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, readlinkSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loongarchProd } from '../clusters/loongarch-prod';
import { ContainerdCustomSpec } from '../clusters/types';
import { containerdConfigFiles } from '../constructs/containerd-custom/config-files';
import { describeWithTools } from './helpers/tools';
import { freePort, SourceFile, TestNode, TestShell, UNIT } from './helpers/test-node';

// The real containerd runs inside `unshare -m` with temporary directories over /run and /var/lib, so the rendered
// production config runs unchanged except for its metrics address: a free port picked here, never the default one.
const TOOLS = ['containerd', 'ctr', 'runc', 'unshare', 'busybox', 'sha256sum'];
const SHELLS: TestShell[] = ['busybox', 'bash-posix'];

function configFiles(change: Partial<ContainerdCustomSpec>): SourceFile[] {
  return containerdConfigFiles({ ...loongarchProd.containerdCustom, ...change }).map(({ path, content }) => ({ path, content }));
}

describeWithTools('node bootstrap script with real containerd', TOOLS, () => {
  describe.each(SHELLS)('under %s', (shell) => {
    const nodes: TestNode[] = [];
    let metrics = '';
    let configA: SourceFile[] = [];
    let configB: SourceFile[] = [];

    beforeAll(async () => {
      metrics = `127.0.0.1:${await freePort()}`;
      configA = configFiles({ metricsAddress: metrics });
      configB = configFiles({
        metricsAddress: metrics,
        registry: {
          mirrorForm: 'hosts',
          mirrors: [{ host: 'my.registry.local', endpoints: ['https://mirror-b.registry.local', 'https://my.registry.local'] }],
        },
      });
    });

    function newNode(): TestNode {
      const node = new TestNode(shell);
      nodes.push(node);
      return node;
    }

    afterEach(async () => {
      while (nodes.length > 0) await nodes.pop()!.destroy();
    });
    afterAll(async () => {
      while (nodes.length > 0) await nodes.pop()!.destroy();
    });

    test('first install', () => {
      const node = newNode();
      const run = node.run(node.writeSource(configA));

      expect(run.log).toContain('decision: config changed');
      expect(run.status).toBe(0);
      expect(node.restarts()).toBe(1);
      expect(node.daemonPid()).toBeDefined();
      expect(node.daemonAnswers()).toBe(true);
      expect(node.read('config.toml')).toBe(configA[0].content);
      expect(node.read('certs.d/my.registry.local/hosts.toml')).toBe(configA[1].content);
      expect(lstatSync(join(node.configDir, 'certs.d')).isSymbolicLink()).toBe(true);
      expect(readlinkSync(join(node.configDir, 'certs.d'))).toMatch(/^\.certs\.d-[0-9a-f]{16}$/);
      expect(readdirSync(node.configDir).sort()).toEqual([readlinkSync(join(node.configDir, 'certs.d')), 'certs.d', 'config.toml'].sort());
    });

    test('same config twice restarts once', () => {
      const node = newNode();
      expect(node.run(node.writeSource(configA)).status).toBe(0);
      const pid = node.daemonPid();
      const inode = statSync(join(node.configDir, 'config.toml')).ino;

      const second = node.run(node.writeSource(configA));

      expect(second.log).toContain('decision: config unchanged, no write and no restart');
      expect(second.status).toBe(0);
      expect(node.restarts()).toBe(1);
      expect(node.daemonPid()).toBe(pid);
      expect(statSync(join(node.configDir, 'config.toml')).ino).toBe(inode);
    });

    test('changed mirror restarts once', () => {
      const node = newNode();
      expect(node.run(node.writeSource(configA)).status).toBe(0);
      const oldTree = readlinkSync(join(node.configDir, 'certs.d'));

      const run = node.run(node.writeSource(configB));

      expect(run.status).toBe(0);
      expect(node.restarts()).toBe(2);
      expect(node.daemonAnswers()).toBe(true);
      expect(node.read('certs.d/my.registry.local/hosts.toml')).toBe(configB[1].content);
      expect(node.read('certs.d/my.registry.local/hosts.toml')).toContain('mirror-b.registry.local');
      expect(readlinkSync(join(node.configDir, 'certs.d'))).not.toBe(oldTree);
      expect(readdirSync(node.configDir)).not.toContain(oldTree);
      expect(node.read('.last-good/certs.d/my.registry.local/hosts.toml')).toBe(configA[1].content);
      expect(node.read('.last-good/config.toml')).toBe(configA[0].content);
    });

    test('config containerd rejects', () => {
      const node = newNode();
      expect(node.run(node.writeSource(configA)).status).toBe(0);
      const pid = node.daemonPid();
      const broken = [{ path: 'config.toml', content: configA[0].content.replace('SystemdCgroup = true', 'SystemdCgroup = ture') }, configB[1]];

      const run = node.run(node.writeSource(broken));

      expect(run.status).not.toBe(0);
      expect(run.log).toContain('failed to load TOML');
      expect(run.log).toContain('rejected the new config; the node keeps its current config');
      expect(node.read('config.toml')).toBe(configA[0].content);
      expect(node.read('certs.d/my.registry.local/hosts.toml')).toBe(configA[1].content);
      expect(readdirSync(node.configDir)).not.toContain('.config.toml.new');
      expect(readdirSync(node.configDir)).not.toContain('.last-good');
      expect(node.restarts()).toBe(1);
      expect(node.daemonPid()).toBe(pid);
    });

    test('daemon failing after swap rolls back', () => {
      const node = newNode();
      expect(node.run(node.writeSource(configA)).status).toBe(0);
      const oldPid = node.daemonPid();
      // containerd's config dump accepts legacy mirrors next to config_path, but the CRI plugin rejects the pair,
      // and required_plugins makes the daemon exit 1.
      const legacyMirror = '\n[plugins."io.containerd.grpc.v1.cri".registry.mirrors."my.registry.local"]\nendpoint = ["https://mirror-b.registry.local"]\n';
      const failing = [{ path: 'config.toml', content: configA[0].content + legacyMirror }, configB[1]];

      const run = node.run(node.writeSource(failing));

      expect(run.status).not.toBe(0);
      expect(run.log).toContain('accepted the new config');
      expect(run.log).toContain(`restored the previous config from ${node.configDir}/.last-good`);
      expect(run.log).toContain('runs with it');
      expect(node.daemonLog()).toContain('`mirrors` cannot be set when `config_path` is provided');
      expect(node.restarts()).toBe(3);
      expect(node.read('config.toml')).toBe(configA[0].content);
      expect(node.read('certs.d/my.registry.local/hosts.toml')).toBe(configA[1].content);
      expect(node.daemonPid()).toBeDefined();
      expect(node.daemonPid()).not.toBe(oldPid);
      expect(node.daemonAnswers()).toBe(true);

      const retry = node.run(node.writeSource(failing));

      expect(retry.status).toBe(1);
      expect(retry.log).toContain('is not installed again');
      expect(node.restarts()).toBe(3);

      expect(node.run(node.writeSource(configB)).status).toBe(0);
      expect(readdirSync(node.configDir)).not.toContain('.failed-config');
    });

    test('interrupted rename keeps old file', () => {
      const node = newNode();
      expect(node.run(node.writeSource(configA)).status).toBe(0);
      const configC = configFiles({ metricsAddress: metrics, sandboxImage: 'my.registry.local/loong64/pause:3.10' });
      expect(configC[0].content).not.toBe(configA[0].content);
      const sourceC = node.writeSource(configC);

      const interrupted = node.run(sourceC, { interruptRename: true });

      expect(interrupted.signal).toBe('SIGKILL');
      expect(node.read('config.toml')).toBe(configA[0].content);
      expect(node.read('.config.toml.new')).toBe(configC[0].content);
      expect(node.restarts()).toBe(1);

      const retry = node.run(sourceC);

      expect(retry.status).toBe(0);
      expect(retry.log).toContain('left by an interrupted run');
      expect(node.read('config.toml')).toBe(configC[0].content);
      expect(readdirSync(node.configDir)).not.toContain('.config.toml.new');
      expect(node.restarts()).toBe(2);
    });

    test('plain certs.d becomes a symlink', () => {
      const node = newNode();
      // A node prepared by hand before the bootstrap existed: certs.d/ is a plain directory.
      writeFileSync(join(node.configDir, 'config.toml'), configB[0].content);
      mkdirSync(join(node.configDir, 'certs.d/my.registry.local'), { recursive: true });
      writeFileSync(join(node.configDir, 'certs.d/my.registry.local/hosts.toml'), configB[1].content);

      const run = node.run(node.writeSource(configA));

      expect(run.status).toBe(0);
      expect(run.log).toContain('moving the plain directory certs.d/ aside');
      expect(lstatSync(join(node.configDir, 'certs.d')).isSymbolicLink()).toBe(true);
      expect(node.read('certs.d/my.registry.local/hosts.toml')).toBe(configA[1].content);
      expect(node.read('.last-good/certs.d/my.registry.local/hosts.toml')).toBe(configB[1].content);
      expect(readdirSync(node.configDir)).not.toContain('.certs.d.plain');
      expect(node.daemonAnswers()).toBe(true);
    });

    test('host commands go through the host prefix', () => {
      const node = newNode();
      const log = join(node.configDir, '..', 'host-exec.log');
      const run = node.run(node.writeSource(configA), {
        env: { HOST_EXEC: join(__dirname, 'fixtures', 'record-host-exec'), HOST_EXEC_LOG: log },
      });

      expect(run.status).toBe(0);
      const commands = readFileSync(log, 'utf8').trim().split('\n');
      // On a node the prefix is nsenter into PID 1's mount namespace, so these are the host's own binaries.
      expect(commands).toContain(`systemctl cat ${UNIT}`);
      expect(commands).toContain(`/usr/bin/containerd --config ${node.configDir}/.config.toml.new config dump`);
      expect(commands).toContain(`systemctl restart ${UNIT}`);
      expect(commands).toContain(`systemctl is-active --quiet ${UNIT}`);
      expect(commands.some((command) => command.startsWith(`/usr/bin/ctr --address ${node.socket} `))).toBe(true);
      expect(node.restarts()).toBe(1);
    });

    test('missing unit stops before any change', () => {
      const node = newNode();
      const run = node.run(node.writeSource(configA), { env: { STANDIN_UNIT: 'other.service' } });

      expect(run.status).toBe(1);
      expect(run.log).toContain(`${UNIT} is not installed on this node; install its unit file first`);
      expect(run.log).toContain('the node was not changed');
      expect(readdirSync(node.configDir)).toEqual([]);
      expect(node.restarts()).toBe(0);
    });

    test('watch loop reports ready and stops on TERM', async () => {
      const node = newNode();
      const script = node.startWatching(node.writeSource(configA), 1);
      let output = '';
      script.stdout!.on('data', (chunk) => (output += chunk));
      script.stderr!.on('data', (chunk) => (output += chunk));
      const exited = new Promise<number | null>((resolve) => script.on('exit', (code) => resolve(code)));

      const deadline = Date.now() + 20_000;
      while (!existsSync(node.readyFile) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(existsSync(node.readyFile)).toBe(true);
      expect(node.restarts()).toBe(1);

      // The unit goes down: within one interval the pod reports not ready.
      node.stopUnit();
      const notReadyBy = Date.now() + 5_000;
      while (existsSync(node.readyFile) && Date.now() < notReadyBy) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(existsSync(node.readyFile)).toBe(false);

      script.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(output).toContain('reporting ready');
      expect(output).toContain('reporting not ready');
      expect(output).toContain('stopping');
    }, 40_000);

    test('system containerd unit rejected', () => {
      const node = newNode();
      const run = node.run(node.writeSource(configA), { env: { UNIT: 'containerd.service' } });

      expect(run.status).toBe(1);
      expect(run.log).toContain("UNIT=containerd.service is the system containerd's unit");
      expect(readdirSync(node.configDir)).toEqual([]);
      expect(node.restarts()).toBe(0);
    });
  });
}, true);
