import * as TOML from '@iarna/toml';
import { ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { ContainerdCustomSpec } from '../../clusters/types';
import { ConfigFile } from '../../constructs/containerd-custom/config-files';
import { describeWhenReady } from './tools';

/**
 * Real-binary test support: whether the tools are there, `containerd config dump`, and a daemon run with the exact
 * generated config inside its own mount and network namespaces.
 */

function onPath(tool: string): boolean {
  return spawnSync('sh', ['-c', `command -v "$1" >/dev/null`, 'sh', tool]).status === 0;
}

/** Why the real-containerd tests cannot run here, or undefined when they can. */
export function missingForDump(): string | undefined {
  return onPath('containerd') ? undefined : 'containerd is not installed (Debian package `containerd`)';
}

/** Why the daemon tests cannot run here, or undefined when they can. */
export function missingForDaemon(): string | undefined {
  const missing = ['containerd', 'ctr', 'unshare', 'nsenter', 'ip'].filter((tool) => !onPath(tool));
  if (missing.length > 0) return `missing tools: ${missing.join(', ')} (Debian packages containerd, util-linux, iproute2)`;
  if (process.getuid?.() !== 0) return 'not root: the daemon test needs mount and network namespaces';
  const probe = spawnSync('unshare', ['--mount', '--net', 'true']);
  if (probe.status !== 0) return `unshare --mount --net fails here: ${String(probe.stderr).trim()}`;
  return undefined;
}

/** `describe` that runs only when `reason` is undefined; see describeWhenReady. */
export const describeIfAvailable = describeWhenReady;

/** `major.minor` of the installed containerd, e.g. [1, 6]. */
export function containerdVersion(): [number, number] {
  const output = String(spawnSync('containerd', ['--version']).stdout);
  const match = /\s(\d+)\.(\d+)\.\d+/.exec(output);
  if (!match) throw new Error(`cannot read the containerd version from: ${output}`);
  return [Number(match[1]), Number(match[2])];
}

export interface DumpResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `containerd --config FILE config dump` on `content` written to a temporary file. */
export function configDump(content: string): DumpResult {
  const dir = mkdtempSync(join(tmpdir(), 'containerd-dump-'));
  try {
    const file = join(dir, 'config.toml');
    writeFileSync(file, content);
    const result = spawnSync('containerd', ['--config', file, 'config', 'dump'], { encoding: 'utf8', timeout: 20000 });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

type Leaf = { path: string[]; value: unknown };

function leavesOf(value: unknown, path: string[] = []): Leaf[] {
  if (value && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date)) {
    return Object.entries(value).flatMap(([key, child]) => leavesOf(child, [...path, key]));
  }
  return [{ path, value }];
}

function lookup(value: unknown, path: readonly string[]): unknown {
  let current: any = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object' || !(key in current)) return undefined;
    current = current[key];
  }
  return current;
}

/** A TOML path as written in the config, e.g. `plugins."io.containerd.grpc.v1.cri".sandbox_image`. */
export function tomlPath(path: readonly string[]): string {
  return path.map((key) => (/^[A-Za-z0-9_-]+$/.test(key) ? key : `"${key}"`)).join('.');
}

/**
 * Every leaf of the written TOML that is missing from the dump or has another value there, as readable lines.
 * An empty list means containerd read every value the project wrote, unchanged. Paths under `ignoredPrefixes`
 * (sections the installed containerd is known not to have) must all be missing; they are reported otherwise.
 */
export function leafDifferences(writtenToml: string, dumpToml: string, ignoredPrefixes: readonly string[] = []): string[] {
  const written = TOML.parse(writtenToml);
  const dumped = TOML.parse(dumpToml);
  const differences: string[] = [];
  for (const leaf of leavesOf(written)) {
    const path = tomlPath(leaf.path);
    const found = lookup(dumped, leaf.path);
    if (ignoredPrefixes.some((prefix) => path.startsWith(prefix))) {
      if (found !== undefined) differences.push(`${path}: expected to be absent from this containerd's dump, found ${JSON.stringify(found)}`);
      continue;
    }
    if (JSON.stringify(found) !== JSON.stringify(leaf.value)) {
      differences.push(`${path}: wrote ${JSON.stringify(leaf.value)}, dump has ${found === undefined ? 'nothing' : JSON.stringify(found)}`);
    }
  }
  return differences;
}

const CTR_TIMEOUT_MS = 5000;

function run(command: string, args: string[], timeoutMs = CTR_TIMEOUT_MS): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: timeoutMs, encoding: 'utf8' }, (error, stdout, stderr) => {
      const code = error ? (typeof (error as any).code === 'number' ? (error as any).code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits for `promise` at most `ms`; resolves to false on timeout. The timer is cleared, so no handle lingers. */
async function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** `/var/run` is a symlink to `/run` on the nodes and here. */
function canonical(path: string): string {
  return path.startsWith('/var/run/') ? path.slice('/var'.length) : path;
}

/** A containerd running the exact generated config, in private mount and network namespaces. */
export class DaemonRun {
  private exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private readonly exit: Promise<void>;

  private constructor(
    private readonly child: ChildProcess,
    readonly tempDir: string,
    private readonly spec: ContainerdCustomSpec,
    private readonly createdDirs: readonly string[],
  ) {
    this.exit = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exited = { code, signal };
        resolve();
      });
    });
  }

  /**
   * Starts containerd with `files` installed in the config directory, as the bootstrap lays them out. Temporary
   * directories are bound over `/run`, `/var/lib` and the config directory inside a new mount namespace, so the
   * config's own paths are used unchanged and nothing on the host is touched; the new network namespace keeps the
   * metrics port and the registry stub apart from anything else on this machine.
   */
  static async start(spec: ContainerdCustomSpec, files: readonly ConfigFile[], options: { waitReady?: boolean } = {}): Promise<DaemonRun> {
    for (const field of ['root', 'state', 'grpcAddress', 'ttrpcAddress', 'debugAddress', 'nriSocketPath'] as const) {
      const value = spec[field];
      if (value !== undefined && !/^\/(run|var\/lib)\//.test(canonical(value))) {
        throw new Error(`the daemon test binds /run and /var/lib only; containerdCustom.${field} = ${value} lies elsewhere`);
      }
    }
    if (/^\/(var\/)?run\/|^\/var\/lib\//.test(spec.configDir)) {
      throw new Error(`the daemon test binds the config directory separately; containerdCustom.configDir = ${spec.configDir} must lie outside /run and /var/lib`);
    }

    const tempDir = mkdtempSync(join(tmpdir(), 'ccd-'));
    for (const dir of ['run', 'varlib', 'etc']) mkdirSync(join(tempDir, dir));
    for (const file of files) {
      const target = join(tempDir, 'etc', file.path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, file.content);
    }

    // The bind target must exist on the host; create it (empty) if needed and remove it afterwards.
    const createdDirs: string[] = [];
    for (let dir = spec.configDir; !existsSync(dir); dir = dirname(dir)) createdDirs.push(dir);
    mkdirSync(spec.configDir, { recursive: true });

    const log = openSync(join(tempDir, 'containerd.log'), 'w');
    const script = [
      'set -e',
      'ip link set lo up',
      'mount -n --bind "$1" /run',
      'mount -n --bind "$2" /var/lib',
      'mount -n --bind "$3" "$4"',
      'exec "$5" --config "$4/config.toml"',
    ].join('; ');
    const child = spawn(
      'unshare',
      ['--mount', '--net', '--propagation', 'private', 'sh', '-c', script, 'sh',
        join(tempDir, 'run'), join(tempDir, 'varlib'), join(tempDir, 'etc'), spec.configDir, 'containerd'],
      { stdio: ['ignore', log, log] },
    );
    closeSync(log);
    const daemon = new DaemonRun(child, tempDir, spec, createdDirs);
    if (options.waitReady === false) return daemon;
    try {
      await daemon.waitReady();
    } catch (error) {
      // The error carries the daemon's log; nothing else of the run is kept.
      await daemon.stop();
      daemon.cleanUp();
      throw error;
    }
    return daemon;
  }

  get pid(): number {
    return this.child.pid as number;
  }

  /** Where a path of the config is on the host while the daemon runs. */
  hostPath(path: string): string {
    const p = canonical(path);
    if (p.startsWith('/run/')) return join(this.tempDir, 'run', p.slice('/run/'.length));
    if (p.startsWith('/var/lib/')) return join(this.tempDir, 'varlib', p.slice('/var/lib/'.length));
    if (p.startsWith(`${this.spec.configDir}/`)) return join(this.tempDir, 'etc', p.slice(this.spec.configDir.length + 1));
    throw new Error(`${path} is not inside a directory the daemon test binds`);
  }

  /** The gRPC socket, reachable from the host through the bound directory. */
  get socket(): string {
    return this.hostPath(this.spec.grpcAddress);
  }

  log(): string {
    return readFileSync(join(this.tempDir, 'containerd.log'), 'utf8');
  }

  /** The exit of a daemon that stopped by itself, or undefined while it runs. */
  get exitStatus(): { code: number | null; signal: NodeJS.Signals | null } | undefined {
    return this.exited;
  }

  ctr(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    return run('ctr', ['--connect-timeout', '2s', '--address', this.socket, ...args]);
  }

  private async waitReady(timeoutMs = 15000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.exited) {
        throw new Error(`containerd exited (code ${this.exited.code}, signal ${this.exited.signal}) before it answered; log:\n${this.log()}`);
      }
      if (existsSync(this.socket) && (await this.ctr('version')).code === 0) return;
      await sleep(50);
    }
    throw new Error(`containerd did not answer \`ctr --address ${this.socket} version\` within ${timeoutMs} ms; log:\n${this.log()}`);
  }

  /** Waits until the daemon exits by itself (for configs it must refuse). */
  async waitExit(timeoutMs = 15000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    await within(this.exit, timeoutMs);
    if (!this.exited) throw new Error(`containerd still runs after ${timeoutMs} ms; log:\n${this.log()}`);
    return this.exited;
  }

  /** Stops the daemon by its PID (TERM, then KILL after 10 s), removes the temporary tree, returns the exit. */
  async stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (!this.exited) {
      this.child.kill('SIGTERM');
      if (!(await within(this.exit, 10000))) {
        this.child.kill('SIGKILL');
        await this.exit;
      }
    }
    const status = this.exited as { code: number | null; signal: NodeJS.Signals | null };
    for (const dir of this.createdDirs) {
      try {
        rmdirSync(dir);
      } catch {
        // Not empty or already gone: leave it.
      }
    }
    return status;
  }

  /** Removes the temporary tree; call after reading what the test needs from it. */
  cleanUp(): void {
    rmSync(this.tempDir, { recursive: true, force: true });
  }
}

export interface StubEvent {
  event: 'listening' | 'request' | 'connection';
  server?: 'mirror' | 'upstream';
  method?: string;
  url?: string;
  configDigest?: string;
}

/** The registry stub (test/helpers/registry-stub.js), run inside the daemon's network namespace. */
export class RegistryStub {
  readonly events: StubEvent[] = [];

  private constructor(private readonly child: ChildProcess) {}

  static async start(daemon: DaemonRun, mirrorPort: number, upstreamPort: number): Promise<{ stub: RegistryStub; configDigest: string }> {
    const child = spawn(
      'nsenter',
      [`--net=/proc/${daemon.pid}/ns/net`, '--', process.execPath, join(__dirname, 'registry-stub.js'), String(mirrorPort), String(upstreamPort)],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const stub = new RegistryStub(child);
    const listening = new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).on('line', (line) => {
        const event = JSON.parse(line) as StubEvent;
        stub.events.push(event);
        if (event.event === 'listening') resolve(event.configDigest as string);
      });
      child.once('exit', (code) => reject(new Error(`registry stub exited with ${code} before listening`)));
    });
    let configDigest = '';
    const listened = await within(listening.then((digest) => (configDigest = digest)), 10000);
    if (!listened) {
      child.kill('SIGTERM');
      throw new Error('registry stub did not listen within 10 s');
    }
    return { stub, configDigest };
  }

  requests(server: 'mirror' | 'upstream'): StubEvent[] {
    return this.events.filter((event) => event.event === 'request' && event.server === server);
  }

  connections(server: 'mirror' | 'upstream'): number {
    return this.events.filter((event) => event.event === 'connection' && event.server === server).length;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await exited;
  }
}
