import * as TOML from '@iarna/toml';
import { clusters } from '../clusters';
import { buildContainerdConfig, CRI_PLUGIN } from '../constructs/containerd-custom/config-model';
import { containerdConfigFiles } from '../constructs/containerd-custom/config-files';
import { synthCluster } from './helpers/synth';

describe.each(clusters.map((spec) => [spec.name, spec] as const))('containerd-custom of %s', (_name, spec) => {
  const result = synthCluster(spec);
  const configMap = result.find('ConfigMap', 'containerd-custom-config');
  const toml = configMap.data['config.toml'] as string;
  const parsed = TOML.parse(toml) as any;

  test('config.toml parses back to the model', () => {
    expect(JSON.parse(JSON.stringify(parsed))).toEqual(buildContainerdConfig(spec.containerdCustom));
  });

  test('SystemdCgroup is a TOML boolean', () => {
    const options = parsed.plugins[CRI_PLUGIN].containerd.runtimes.runc.options;
    expect(options.SystemdCgroup).toBe(spec.containerdCustom.systemdCgroup);
    expect(toml).toMatch(new RegExp(`^\\s*SystemdCgroup = ${spec.containerdCustom.systemdCgroup}$`, 'm'));
    expect(toml).not.toContain('systemd_cgroup');
  });

  test('version 2 with own paths', () => {
    expect(parsed.version).toBe(2);
    expect(parsed.root).toBe(spec.containerdCustom.root);
    expect(parsed.state).toBe(spec.containerdCustom.state);
    expect(parsed.grpc.address).toBe(spec.containerdCustom.grpcAddress);
    expect(parsed.plugins[CRI_PLUGIN].registry.config_path).toBe(`${spec.containerdCustom.configDir}/certs.d`);
  });

  test('one hosts.toml per mirrored registry', () => {
    for (const { host, endpoints } of spec.containerdCustom.registry.mirrors) {
      const file = containerdConfigFiles(spec.containerdCustom).find((f) => f.path === `certs.d/${host}/hosts.toml`);
      expect(file).toBeDefined();
      const hosts = TOML.parse(configMap.data[file!.key]) as any;
      expect(Object.keys(hosts.host)).toEqual(endpoints);
      for (const endpoint of endpoints) expect(hosts.host[endpoint].capabilities).toEqual(['pull', 'resolve']);
    }
  });

  test('snapshot', () => {
    expect(configMap).toMatchSnapshot();
  });
});

describe('field cluster mirror', () => {
  test('my.registry.local goes to https://my.registry.local', () => {
    const files = containerdConfigFiles(clusters[0].containerdCustom);
    const hosts = TOML.parse(files.find((f) => f.path === 'certs.d/my.registry.local/hosts.toml')!.content) as any;
    expect(hosts.server).toBe('https://my.registry.local');
    expect(Object.keys(hosts.host)).toEqual(['https://my.registry.local']);
  });
});
