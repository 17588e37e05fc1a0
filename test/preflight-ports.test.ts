import { spawnSync } from 'node:child_process';
import { createSocket, Socket } from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clusters } from '../clusters';
import { PREFLIGHT_CHECKSUM_ANNOTATION } from '../constructs/metallb/speaker';
import { synthCluster } from './helpers/synth';
import { freePort } from './helpers/test-node';
import { describeWithTools } from './helpers/tools';

const SCRIPT = join(__dirname, '..', 'constructs/metallb/scripts/preflight-ports.sh');

let appletDir: string | undefined;

/** A folder of busybox applet links: the script's whole PATH, as in the small image the init container runs. */
function busyboxApplets(): string {
  if (appletDir === undefined) {
    appletDir = mkdtempSync(join(tmpdir(), 'preflight-applets-'));
    const installed = spawnSync('busybox', ['--install', '-s', appletDir], { encoding: 'utf8' });
    if (installed.status !== 0) throw new Error(`busybox --install failed: ${installed.stderr}`);
  }
  return appletDir;
}

afterAll(() => {
  if (appletDir !== undefined) rmSync(appletDir, { recursive: true, force: true });
});

function runPreflight(portChecks: string): { status: number | null; log: string } {
  const result = spawnSync(join(busyboxApplets(), 'sh'), [SCRIPT], {
    env: { PATH: busyboxApplets(), NODE_NAME: 'node-a', PORT_CHECKS: portChecks },
    encoding: 'utf8',
  });
  return { status: result.status, log: `${result.stdout}${result.stderr}` };
}

function listenTcp(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

function bindUdp(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', reject);
    socket.bind(port, '127.0.0.1', () => resolve(socket));
  });
}

describeWithTools('speaker port preflight script', ['busybox'], () => {
  test('TCP listener fails the check', async () => {
    const port = await freePort();
    const server = await listenTcp(port);
    try {
      const run = runPreflight(`metallb.memberlistPort=${port}/TCP`);

      expect(run.status).toBe(1);
      expect(run.log).toContain(`port ${port}/TCP (metallb.memberlistPort) is already bound on node node-a`);
      expect(run.log).toContain('speaker are in use on node node-a');
    } finally {
      server.close();
    }
  });

  test('UDP socket fails the check', async () => {
    const port = await freePort();
    const socket = await bindUdp(port);
    try {
      const run = runPreflight(`metallb.memberlistPort=${port}/TCP metallb.memberlistPort=${port}/UDP`);

      expect(run.status).toBe(1);
      expect(run.log).toContain(`port ${port}/UDP (metallb.memberlistPort) is already bound on node node-a`);
      expect(run.log).toContain(`port ${port}/TCP (metallb.memberlistPort) is free on node node-a`);
    } finally {
      socket.close();
    }
  });

  test('free ports pass', async () => {
    const port = await freePort();

    const run = runPreflight(`metallb.memberlistPort=${port}/TCP metallb.memberlistPort=${port}/UDP`);

    expect(run.log).toContain('all speaker ports are free on node node-a');
    expect(run.status).toBe(0);
  });

  test('invalid protocol rejected', () => {
    const run = runPreflight('metallb.memberlistPort=7947/SCTP');

    expect(run.status).toBe(2);
    expect(run.log).toContain('invalid entry metallb.memberlistPort=7947/SCTP');
  });
});

describe.each(clusters.map((spec) => [spec.name, spec] as const))('speaker preflight of %s', (_name, spec) => {
  const result = synthCluster(spec);
  const pod = result.find('DaemonSet', 'speaker').spec.template;
  const init = pod.spec.initContainers[0];
  const script = readFileSync(SCRIPT, 'utf8');

  test('init container checks the spec ports', () => {
    const { memberlistPort, monitoringPort } = spec.metallb;
    const checks = init.env.find((e: any) => e.name === 'PORT_CHECKS').value.split(' ');

    expect(checks).toEqual([
      `metallb.memberlistPort=${memberlistPort}/TCP`,
      `metallb.memberlistPort=${memberlistPort}/UDP`,
      `metallb.monitoringPort=${monitoringPort}/TCP`,
    ]);
    expect(init.env.find((e: any) => e.name === 'NODE_NAME').valueFrom).toEqual({ fieldRef: { fieldPath: 'spec.nodeName' } });
  });

  test('init container uses the preflight image', () => {
    expect(init.image).toBe(spec.images.preflight);
  });

  test('init container runs unprivileged', () => {
    expect(init.securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
    });
    expect(init.securityContext.runAsUser).toBeGreaterThan(0);
  });

  test('ConfigMap carries the script file', () => {
    const configMap = result.find('ConfigMap', 'speaker-preflight');

    expect(configMap.data['preflight-ports.sh']).toBe(script);
    expect(pod.spec.volumes).toContainEqual({ name: 'preflight', configMap: { name: 'speaker-preflight', defaultMode: 0o444 } });
    expect(init.command).toEqual(['/bin/sh', '/preflight/preflight-ports.sh']);
  });

  test('script checksum on pod template', () => {
    expect(pod.metadata.annotations[PREFLIGHT_CHECKSUM_ANNOTATION]).toMatch(/^[0-9a-f]{64}$/);
  });
});
