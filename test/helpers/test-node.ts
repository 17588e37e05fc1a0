import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const REPO = resolve(__dirname, '..', '..');
export const INSTALL_SCRIPT = join(REPO, 'constructs/node-bootstrap/scripts/install-containerd-custom.sh');
const FIXTURES = join(REPO, 'test/fixtures');
export const UNIT = 'containerd-custom.service';

/** One file of a config source, path relative to the config directory. */
export interface SourceFile {
  readonly path: string;
  readonly content: string;
}

export interface ScriptRun {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  /** stdout and stderr together, as the pod log shows them. */
  readonly log: string;
}

/**
 * Shell that runs the script: busybox sh with busybox applets, as in the pod, or bash in POSIX mode with coreutils.
 * Debian's /bin/sh (dash 0.5.12) has no pipefail.
 */
export type TestShell = 'busybox' | 'bash-posix';

/** Returns a TCP port on 127.0.0.1 that was free a moment ago. */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function processRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/**
 * A node in a temporary directory: the config directory, the directories that the daemon's private mount namespace
 * binds over /run and /var/lib, and a bin directory whose `systemctl` is the stand-in that runs the real containerd.
 * The script runs with HOST_ROOT="" and HOST_EXEC="", so it treats this tree as the host.
 */
/** Absolute path of a command on this process's PATH. */
function commandPath(command: string): string {
  const found = spawnSync('sh', ['-c', 'command -v "$1"', 'sh', command], { encoding: 'utf8' }).stdout.trim();
  if (!found) throw new Error(`${command} is not on PATH`);
  return found;
}

export class TestNode {
  readonly root = mkdtempSync(join(tmpdir(), 'node-bootstrap-'));
  readonly configDir = join(this.root, 'etc/containerd-custom');
  readonly socket = join(this.root, 'run/containerd-custom/containerd.sock');
  private readonly state = join(this.root, 'standin');
  private readonly bin = join(this.root, 'bin');
  private readonly busyboxBin = join(this.root, 'busybox-bin');
  private sources = 0;

  constructor(private readonly shell: TestShell) {
    for (const dir of [this.configDir, this.state, this.bin, join(this.root, 'run'), join(this.root, 'varlib')]) {
      mkdirSync(dir, { recursive: true });
    }
    symlinkSync(join(FIXTURES, 'systemctl'), join(this.bin, 'systemctl'));
    if (shell === 'busybox') {
      mkdirSync(this.busyboxBin);
      const installed = spawnSync('busybox', ['--install', '-s', this.busyboxBin], { encoding: 'utf8' });
      if (installed.status !== 0) throw new Error(`busybox --install failed: ${installed.stderr}`);
    }
  }

  /**
   * Writes `files` laid out as the kubelet lays out a ConfigMap volume (`..data` symlink to a timestamped folder,
   * one symlink per top-level entry) and returns the folder.
   */
  writeSource(files: readonly SourceFile[]): string {
    const source = join(this.root, `source-${++this.sources}`);
    const data = join(source, '..2026_01_01_00_00_00.000000000');
    for (const file of files) {
      mkdirSync(dirname(join(data, file.path)), { recursive: true });
      writeFileSync(join(data, file.path), file.content);
    }
    symlinkSync('..2026_01_01_00_00_00.000000000', join(source, '..data'));
    const topLevel = new Set(files.map((file) => file.path.split('/')[0]));
    for (const entry of topLevel) symlinkSync(join('..data', entry), join(source, entry));
    return source;
  }

  /** Runs the install script once (RUN_ONCE=true) against `source`. `interruptRename` puts the killing mv first. */
  /** Environment of one script run: the test host's paths, the stand-in systemctl first on PATH, plus `extra`. */
  private environment(source: string, interruptRename: boolean, extra: Record<string, string> = {}): Record<string, string> {
    const pathDirs = [this.bin];
    if (interruptRename) {
      const interruptBin = join(this.root, 'interrupt-bin');
      if (!existsSync(interruptBin)) {
        mkdirSync(interruptBin);
        symlinkSync(join(FIXTURES, 'mv-interrupted'), join(interruptBin, 'mv'));
      }
      pathDirs.unshift(interruptBin);
    }
    // Under busybox the script sees busybox's applets alone, as in the bootstrap image, so a command the image
    // lacks fails here too. containerd, ctr and systemctl are host commands, reached by absolute path or the stand-in.
    if (this.shell === 'busybox') pathDirs.push(this.busyboxBin);
    else pathDirs.push('/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin');

    return {
      PATH: pathDirs.join(':'),
      CONFIG_SOURCE: source,
      HOST_ROOT: '',
      HOST_EXEC: '',
      CONFIG_DIR: this.configDir,
      UNIT,
      CONTAINERD_BIN: '/usr/bin/containerd',
      CTR_BIN: '/usr/bin/ctr',
      GRPC_ADDRESS: this.socket,
      READY_FILE: this.readyFile,
      RESTART_TIMEOUT: '10',
      RUN_ONCE: 'true',
      STANDIN_UNIT: UNIT,
      STANDIN_STATE: this.state,
      STANDIN_CONFIG: join(this.configDir, 'config.toml'),
      STANDIN_RUN: join(this.root, 'run'),
      STANDIN_VARLIB: join(this.root, 'varlib'),
      STANDIN_SOCKET: this.socket,
      ...extra,
    };
  }

  private command(): string[] {
    // Absolute paths: the script's PATH may hold busybox's applets alone, and spawn resolves the command with it.
    return this.shell === 'busybox' ? [commandPath('busybox'), 'sh', INSTALL_SCRIPT] : [commandPath('bash'), '--posix', INSTALL_SCRIPT];
  }

  /** File the script touches while the unit is healthy; the pod's readiness probe tests it. */
  get readyFile(): string {
    return join(this.root, 'ready');
  }

  /** Runs the script once (RUN_ONCE=true) and waits for it. */
  run(source: string, options: { interruptRename?: boolean; env?: Record<string, string> } = {}): ScriptRun {
    const command = this.command();
    const env = this.environment(source, options.interruptRename ?? false, options.env);
    const result = spawnSync(command[0], command.slice(1), { env, encoding: 'utf8', timeout: 60_000 });
    return { status: result.status, signal: result.signal, log: `${result.stdout}${result.stderr}` };
  }

  /** Starts the script as the pod runs it, staying up to watch the unit every `interval` seconds. */
  startWatching(source: string, interval: number): ChildProcess {
    const command = this.command();
    const env = this.environment(source, false, { RUN_ONCE: 'false', CHECK_INTERVAL: String(interval) });
    return spawn(command[0], command.slice(1), { env, stdio: ['ignore', 'pipe', 'pipe'] });
  }

  /** Stops the unit through the stand-in systemctl, as a crash or an operator would. */
  stopUnit(): void {
    const result = spawnSync(join(this.bin, 'systemctl'), ['stop', UNIT], { env: this.environment('', false), encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`stand-in systemctl stop failed: ${result.stderr}`);
  }

  /** Number of `systemctl restart` calls the stand-in received. */
  restarts(): number {
    const file = join(this.state, 'restarts');
    return existsSync(file) ? Number(readFileSync(file, 'utf8').trim()) : 0;
  }

  /** PID of the running containerd, or undefined when none runs. */
  daemonPid(): number | undefined {
    const file = join(this.state, 'pid');
    if (!existsSync(file)) return undefined;
    const pid = Number(readFileSync(file, 'utf8').trim());
    return processRunning(pid) ? pid : undefined;
  }

  /** Whether the running containerd responds to `ctr version` on the socket. */
  daemonAnswers(): boolean {
    return spawnSync('ctr', ['--address', this.socket, '--connect-timeout', '1s', 'version']).status === 0;
  }

  daemonLog(): string {
    const file = join(this.state, 'daemon.log');
    return existsSync(file) ? readFileSync(file, 'utf8') : '';
  }

  read(path: string): string {
    return readFileSync(join(this.configDir, path), 'utf8');
  }

  /** Stops the daemon by its PID and removes the tree. */
  async destroy(): Promise<void> {
    const pid = this.daemonPid();
    if (pid !== undefined) {
      process.kill(pid, 'SIGTERM');
      for (let i = 0; i < 100 && processRunning(pid); i++) await new Promise((done) => setTimeout(done, 50));
      if (processRunning(pid)) process.kill(pid, 'SIGKILL');
    }
    rmSync(this.root, { recursive: true, force: true });
  }
}
