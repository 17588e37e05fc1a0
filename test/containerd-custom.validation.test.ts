import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clusters } from '../clusters';
import { ClusterSpec } from '../clusters/types';
import { synthesizeClusters } from '../constructs/synthesize';
import { validateClusterSpec } from '../constructs/validation/cluster-spec';
import { formatIssue, SpecValidationError } from '../constructs/validation/spec-issue';
import { withChange } from './helpers/synth';

const base = clusters[0];

/** The formatted messages (`cluster: path = value: problem. Fix: fix.`) for `base` with `change` applied. */
function messagesFor(change: (custom: any, copy: any) => void): string[] {
  const spec = withChange(base, (copy) => change(copy.containerdCustom, copy));
  return validateClusterSpec(spec).map((issue) => formatIssue(spec.name, issue));
}

/** Asserts that exactly one message names `path` and the JSON `value`, and that it contains every fragment. */
function expectMessage(messages: string[], path: string, value: unknown, ...fragments: string[]): void {
  const prefix = `${base.name}: ${path} = ${JSON.stringify(value)}: `;
  const matching = messages.filter((message) => message.startsWith(prefix));
  expect({ matching, all: messages }).toEqual({ matching: [expect.any(String)], all: messages });
  for (const fragment of fragments) expect(matching[0]).toContain(fragment);
  expect(matching[0]).toMatch(/\. Fix: .+\.$/);
}

describe('containerd-custom: bad input is named with its field, its value and a fix', () => {
  test('the cluster spec itself is valid', () => {
    expect(validateClusterSpec(base)).toEqual([]);
  });

  describe('booleans', () => {
    test('the string "true" for systemdCgroup', () => {
      const messages = messagesFor((c) => (c.systemdCgroup = 'true'));
      expectMessage(messages, 'containerdCustom.systemdCgroup', 'true', 'is a string, not a boolean', 'Fix: write true or false without quotes.');
    });

    test('"False" and 1 for systemdCgroup', () => {
      expectMessage(messagesFor((c) => (c.systemdCgroup = 'False')), 'containerdCustom.systemdCgroup', 'False', 'is a string, not a boolean', 'Fix: write true or false without quotes.');
      expectMessage(messagesFor((c) => (c.systemdCgroup = 1)), 'containerdCustom.systemdCgroup', 1, 'is a number, not a boolean', 'Fix: write true or false without quotes.');
    });
  });

  describe('registry hosts', () => {
    const withHost = (host: string) => messagesFor((c) => (c.registry.mirrors = [{ host, endpoints: ['https://mirror.example.local'] }]));
    const path = 'containerdCustom.registry.mirrors[0].host';

    test('whitespace', () => {
      expectMessage(withHost('my registry.local'), path, 'my registry.local', 'contains whitespace', 'Fix: write the registry host as in image references');
      expectMessage(withHost('my.registry.local\t'), path, 'my.registry.local\t', 'contains whitespace');
    });

    test('a quote', () => {
      expectMessage(withHost('my"registry.local'), path, 'my"registry.local', 'contains a quote', 'containerd rejects a quote inside a TOML key');
      expectMessage(withHost("my'registry.local"), path, "my'registry.local", 'contains a quote');
    });

    test('a newline', () => {
      expectMessage(withHost('my.registry.local\nevil'), path, 'my.registry.local\nevil', 'contains a line break');
    });

    test('upper-case letters', () => {
      expectMessage(withHost('My.Registry.Local'), path, 'My.Registry.Local', 'contains upper-case letters', 'Fix: write it in lower case: my.registry.local.');
    });

    test('a URL or a bad port instead of a host', () => {
      expectMessage(withHost('https://my.registry.local'), path, 'https://my.registry.local', 'is a URL, not a registry host');
      expectMessage(withHost('reg.local:99999'), path, 'reg.local:99999', 'has port 99999, which is not a port number');
    });

    test('a registry listed twice', () => {
      const messages = messagesFor((c) => {
        c.registry.mirrors = [
          { host: 'my.registry.local', endpoints: ['https://mirror-a.example.local'] },
          { host: 'docker.io', endpoints: ['https://mirror-b.example.local'] },
          { host: 'my.registry.local', endpoints: ['https://mirror-c.example.local'] },
        ];
      });
      expectMessage(messages, 'containerdCustom.registry.mirrors[2].host', 'my.registry.local', 'duplicates containerdCustom.registry.mirrors[0].host', 'Fix: list every registry once, with all of its endpoints in that one entry.');
      expect(messages).toHaveLength(1);
    });
  });

  describe('mirror endpoints', () => {
    const withEndpoint = (endpoint: unknown) => messagesFor((c) => (c.registry.mirrors = [{ host: 'docker.io', endpoints: [endpoint] }]));
    const path = 'containerdCustom.registry.mirrors[0].endpoints[0]';

    test('without http:// or https://', () => {
      expectMessage(withEndpoint('mirror.example.local'), path, 'mirror.example.local', 'does not start with http:// or https://', 'Fix: write https://mirror.example.local (or http://mirror.example.local for a plain-HTTP mirror).');
      expectMessage(withEndpoint('ftp://mirror.example.local'), path, 'ftp://mirror.example.local', 'does not start with http:// or https://', 'write https://mirror.example.local');
    });

    test('with a path, credentials, whitespace, or not in canonical form', () => {
      expectMessage(withEndpoint('https://mirror.example.local/v2/proxy'), path, 'https://mirror.example.local/v2/proxy', 'has a path, query or fragment', 'written as https://mirror.example.local.');
      expectMessage(withEndpoint('https://user:secret@mirror.example.local'), path, 'https://user:secret@mirror.example.local', 'contains credentials');
      expectMessage(withEndpoint('https://mirror.example.local "x"'), path, 'https://mirror.example.local "x"', 'contains whitespace, a quote or a backslash');
      expectMessage(withEndpoint('https://Mirror.Example.Local:443'), path, 'https://Mirror.Example.Local:443', 'is not in canonical form', 'Fix: write https://mirror.example.local.');
    });

    test('an empty list, a non-string and a repeated endpoint', () => {
      expectMessage(messagesFor((c) => (c.registry.mirrors = [{ host: 'docker.io', endpoints: [] }])), 'containerdCustom.registry.mirrors[0].endpoints', [], 'has no mirror endpoints');
      expectMessage(withEndpoint(5000), path, 5000, 'is a number, not a string');
      const repeated = messagesFor((c) => (c.registry.mirrors = [{ host: 'docker.io', endpoints: ['https://m.example.local', 'https://m.example.local/'] }]));
      expectMessage(repeated, 'containerdCustom.registry.mirrors[0].endpoints[1]', 'https://m.example.local/', 'duplicates containerdCustom.registry.mirrors[0].endpoints[0]');
    });
  });

  describe('the float field gcPauseThreshold', () => {
    test('an integer-valued number is rejected, since TOML would write it as an integer', () => {
      expectMessage(messagesFor((c) => (c.gcPauseThreshold = 0)), 'containerdCustom.gcPauseThreshold', 0, 'is a whole number, which TOML writes as an integer', "Fix: use a fraction such as 0.02 (containerd's default).");
      expectMessage(messagesFor((c) => (c.gcPauseThreshold = 0.0)), 'containerdCustom.gcPauseThreshold', 0, 'is a whole number');
    });

    test('a fraction in range is accepted', () => {
      for (const value of [0.02, 0.5, 0.000001]) expect(messagesFor((c) => (c.gcPauseThreshold = value))).toEqual([]);
    });

    test('quoted, out-of-range, tiny and NaN rejected', () => {
      expectMessage(messagesFor((c) => (c.gcPauseThreshold = '0.02')), 'containerdCustom.gcPauseThreshold', '0.02', 'is a string, not a number', 'Fix: write a number without quotes.');
      expectMessage(messagesFor((c) => (c.gcPauseThreshold = 1)), 'containerdCustom.gcPauseThreshold', 1, 'is outside 0 to 0.5; containerd silently clamps', "e.g. 0.02 (containerd's default)");
      expectMessage(messagesFor((c) => (c.gcPauseThreshold = -0.1)), 'containerdCustom.gcPauseThreshold', -0.1, 'is outside 0 to 0.5');
      expectMessage(messagesFor((c) => (c.gcPauseThreshold = 1e-7)), 'containerdCustom.gcPauseThreshold', 1e-7, 'is too small to write as a plain decimal');
      // JSON shows NaN as null.
      expectMessage(messagesFor((c) => (c.gcPauseThreshold = Number.NaN)), 'containerdCustom.gcPauseThreshold', null, 'is not a finite number');
    });
  });

  test('an upstream pause image without a loong64 build', () => {
    const messages = messagesFor((c) => (c.sandboxImage = 'registry.k8s.io/pause:3.9'));
    expectMessage(messages, 'containerdCustom.sandboxImage', 'registry.k8s.io/pause:3.9', 'without a linux/loong64 variant', 'Fix: point it at a loong64 build');
  });

  describe('config version and mirror form', () => {
    test('a version other than 2 or 3', () => {
      expectMessage(messagesFor((c) => (c.configVersion = '2')), 'containerdCustom.configVersion', '2', 'is not an allowed value', 'Fix: use one of 2, 3.');
      expectMessage(messagesFor((c) => (c.configVersion = 1)), 'containerdCustom.configVersion', 1, 'is not an allowed value');
    });

    test('legacy mirrors with version 3', () => {
      const messages = messagesFor((c) => {
        c.configVersion = 3;
        c.registry.mirrorForm = 'legacy';
      });
      expectMessage(messages, 'containerdCustom.registry.mirrorForm', 'legacy', 'containerd 2.x (configVersion 3) deprecates and is removing', 'Fix: use "hosts", or configVersion 2 for containerd 1.6/1.7.');
    });

    test('legacy mirrors together with config_path, even an empty one', () => {
      for (const configPath of ['/etc/containerd-custom/certs.d', '']) {
        const messages = messagesFor((c) => {
          c.registry.mirrorForm = 'legacy';
          c.registry.configPath = configPath;
        });
        expectMessage(messages, 'containerdCustom.registry.configPath', configPath, "containerd's CRI plugin refuses `mirrors` when `config_path` is provided", 'Fix: remove configPath to keep the legacy form, or use mirrorForm "hosts".');
        expect(messages).toHaveLength(1);
      }
    });

    test('a config path other than the one the bootstrap installs', () => {
      const messages = messagesFor((c) => (c.registry.configPath = '/etc/containerd-custom/registry'));
      expectMessage(messages, 'containerdCustom.registry.configPath', '/etc/containerd-custom/registry', 'differs from /etc/containerd-custom/certs.d', 'silently skip every mirror');
    });

    test('an unknown mirror form', () => {
      expectMessage(messagesFor((c) => (c.registry.mirrorForm = 'inline')), 'containerdCustom.registry.mirrorForm', 'inline', 'is not an allowed value', 'Fix: use one of hosts, legacy.');
    });
  });

  describe('isolation from the system containerd', () => {
    test.each([
      ['configDir', '/etc/containerd', "is the system containerd's config directory"],
      ['root', '/var/lib/containerd', "is the system containerd's root; a second daemon on it hangs forever"],
      ['state', '/run/containerd', "is the system containerd's state directory"],
      ['state', '/run/containerd/custom', 'lies inside /run/containerd'],
      ['root', '/var/lib', 'contains /var/lib/containerd'],
      ['grpcAddress', '/run/containerd/containerd.sock', "is the system containerd's gRPC socket; a second daemon silently unlinks it"],
      ['grpcAddress', '/var/run/containerd/containerd.sock', "is the system containerd's gRPC socket"],
      ['ttrpcAddress', '/run/containerd/containerd.sock.ttrpc', "is the system containerd's ttrpc socket"],
      ['debugAddress', '/run/containerd/debug.sock', "is the system containerd's debug socket"],
      ['nriSocketPath', '/var/run/nri/nri.sock', 'is the default NRI socket'],
      ['configDir', '/opt/containerd', "is the system containerd's opt plugin directory"],
    ])('%s = %s', (field, value, problem) => {
      const messages = messagesFor((c) => (c[field] = value));
      expectMessage(messages, `containerdCustom.${field}`, value, problem, 'Fix: ');
    });

    test("the system containerd's certs.d as config_path", () => {
      const messages = messagesFor((c) => (c.registry.configPath = '/etc/containerd/certs.d'));
      expect(messages).toContain(`${base.name}: containerdCustom.registry.configPath = "/etc/containerd/certs.d": is the system containerd's registry config directory; mirrors meant for containerd-custom would change the system containerd's pulls. Fix: give containerd-custom its own path, e.g. under /run/containerd-custom, /var/lib/containerd-custom or /etc/containerd-custom.`);
    });

    test('the unit name and the metrics port', () => {
      expectMessage(messagesFor((c) => (c.unitName = 'containerd.service')), 'containerdCustom.unitName', 'containerd.service', "is the system containerd's unit");
      expectMessage(messagesFor((c) => (c.metricsAddress = '127.0.0.1:1338')), 'containerdCustom.metricsAddress', '127.0.0.1:1338', "the system containerd's usual metrics port", 'address already in use');
      expectMessage(messagesFor((c) => (c.metricsAddress = '127.0.0.1:7947')), 'containerdCustom.metricsAddress', '127.0.0.1:7947', 'which the MetalLB speaker binds on every node (metallb.memberlistPort)');
      expectMessage(messagesFor((c) => (c.metricsAddress = '127.0.0.1:10250')), 'containerdCustom.metricsAddress', '127.0.0.1:10250', 'already held by kubelet');
    });

    test('root equal to state, and two sockets on one path', () => {
      expectMessage(messagesFor((c) => (c.state = c.root)), 'containerdCustom.state', base.containerdCustom.root, 'equals containerdCustom.root');
      expectMessage(messagesFor((c) => (c.debugAddress = c.grpcAddress)), 'containerdCustom.debugAddress', base.containerdCustom.grpcAddress, 'equals containerdCustom.grpcAddress', 'Fix: give every socket its own path.');
    });
  });

  describe('nothing is written', () => {
    const bad: ClusterSpec = withChange(base, (copy) => {
      copy.containerdCustom.systemdCgroup = 'true';
      copy.containerdCustom.registry.mirrors = [{ host: 'My.Registry.Local', endpoints: ['mirror.example.local'] }];
    });
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'synth-bad-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    test('synth throws with every problem and creates no output folder', () => {
      const outdir = join(dir, 'dist');
      let error: unknown;
      try {
        synthesizeClusters([bad], outdir);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(SpecValidationError);
      const message = (error as Error).message;
      expect(message).toContain('invalid cluster spec (3 problems); nothing was written:');
      expect(message).toContain('containerdCustom.systemdCgroup = "true"');
      expect(message).toContain('containerdCustom.registry.mirrors[0].host = "My.Registry.Local"');
      expect(message).toContain('containerdCustom.registry.mirrors[0].endpoints[0] = "mirror.example.local"');
      expect(existsSync(outdir)).toBe(false);
      expect(readdirSync(dir)).toEqual([]);
    });

    test('a previous output stays as it was', () => {
      const outdir = join(dir, 'dist');
      mkdirSync(join(outdir, base.name), { recursive: true });
      writeFileSync(join(outdir, base.name, 'previous.yaml'), 'kept: true\n');
      expect(() => synthesizeClusters([bad], outdir)).toThrow(SpecValidationError);
      expect(readFileSync(join(outdir, base.name, 'previous.yaml'), 'utf8')).toBe('kept: true\n');
      expect(readdirSync(outdir)).toEqual([base.name]);
    });
  });
});
