import {
  arr,
  column,
  crdVersion,
  CustomResourceDefinitionManifest,
  labelSelector,
  metallbCrd,
  obj,
  resourceSchema,
  str,
} from './builder';

/** L2Advertisement: which pools are announced with ARP/NDP, from which nodes and interfaces. */
export function l2AdvertisementsCrd(): CustomResourceDefinitionManifest {
  const spec = obj({
    interfaces: arr(str()),
    ipAddressPoolSelectors: arr(labelSelector()),
    ipAddressPools: arr(str()),
    nodeSelectors: arr(labelSelector()),
  });

  return metallbCrd({
    kind: 'L2Advertisement',
    plural: 'l2advertisements',
    singular: 'l2advertisement',
    versions: [
      crdVersion({
        name: 'v1beta1',
        printerColumns: [
          column('IPAddressPools', 'string', '.spec.ipAddressPools'),
          column('IPAddressPool Selectors', 'string', '.spec.ipAddressPoolSelectors'),
          column('Interfaces', 'string', '.spec.interfaces'),
          column('Node Selectors', 'string', '.spec.nodeSelectors', 10),
        ],
        schema: resourceSchema({ spec }),
      }),
    ],
  });
}
