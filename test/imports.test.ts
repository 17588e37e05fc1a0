import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Chart } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { clusters } from '../clusters';
import { MetallbAddressPools } from '../constructs/metallb/address-pools';
import { metallbCustomResourceDefinitions } from '../constructs/metallb/crds';
import { METALLB_NAMES } from '../constructs/metallb/names';
import { IpAddressPool, L2Advertisement } from '../imports/metallb.io';
import { CRD_YAML, importCrds } from '../scripts/import-crds';
import { appWithoutOutput } from './helpers/synth';

const IMPORTS_DIR = resolve(__dirname, '../imports');

describe('imports/', () => {
  let fresh: string;

  beforeAll(() => {
    fresh = mkdtempSync(join(tmpdir(), 'imports-'));
    importCrds(fresh);
  }, 60_000);

  afterAll(() => {
    rmSync(fresh, { recursive: true, force: true });
  });

  test('same files as a fresh import', () => {
    expect(readdirSync(IMPORTS_DIR).sort()).toEqual(readdirSync(fresh).sort());
  });

  test.each([[CRD_YAML], ['metallb.io.ts']])('%s is up to date', (file) => {
    const committed = readFileSync(join(IMPORTS_DIR, file), 'utf8');
    const regenerated = readFileSync(join(fresh, file), 'utf8');

    // On failure, run `npm run import` and commit imports/.
    expect({ file, upToDate: committed === regenerated }).toEqual({ file, upToDate: true });
  });

  test('CRD YAML contains the project CRDs', () => {
    const documents = parseAllDocuments(readFileSync(join(IMPORTS_DIR, CRD_YAML), 'utf8'));
    const parsed = (Array.isArray(documents) ? documents : [documents]).map((document) => document.toJS());
    const expected = metallbCustomResourceDefinitions({ namespace: 'metallb-system', webhookServiceName: METALLB_NAMES.webhookService });

    expect(parsed).toEqual(JSON.parse(JSON.stringify(expected)));
  });
});

describe('generated classes', () => {
  test('address pools use them', () => {
    const chart = new Chart(appWithoutOutput(), 'pools');
    const pools = new MetallbAddressPools(chart, 'pools', { namespace: 'metallb-system', pools: clusters[0].metallb.addressPools });
    // cdk8s makes `instanceof` true for any ApiObject and any of its subclasses, so compare the constructors instead.
    const classes = pools.node.children.map((child) => child.constructor);
    const count = clusters[0].metallb.addressPools.length;

    expect(classes.filter((cls) => cls === IpAddressPool)).toHaveLength(count);
    expect(classes.filter((cls) => cls === L2Advertisement)).toHaveLength(count);
  });

  test('GVK matches the CRD', () => {
    expect(IpAddressPool.GVK).toEqual({ apiVersion: 'metallb.io/v1beta1', kind: 'IPAddressPool' });
    expect(L2Advertisement.GVK).toEqual({ apiVersion: 'metallb.io/v1beta1', kind: 'L2Advertisement' });
  });
});
