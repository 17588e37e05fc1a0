import {
  arr,
  column,
  crdVersion,
  CustomResourceDefinitionManifest,
  int32,
  labelSelector,
  metallbCrd,
  obj,
  resourceSchema,
  str,
} from './builder';

/** BGPAdvertisement: which pools are announced to which BGP peers, and with what attributes. */
export function bgpAdvertisementsCrd(): CustomResourceDefinitionManifest {
  const spec = obj({
    aggregationLength: int32({ default: 32, minimum: 1 }),
    // Upstream sets no minimum here, unlike the IPv4 field above.
    aggregationLengthV6: int32({ default: 128 }),
    communities: arr(str()),
    ipAddressPoolSelectors: arr(labelSelector()),
    ipAddressPools: arr(str()),
    localPref: int32(),
    nodeSelectors: arr(labelSelector()),
    peers: arr(str()),
  });

  return metallbCrd({
    kind: 'BGPAdvertisement',
    plural: 'bgpadvertisements',
    singular: 'bgpadvertisement',
    versions: [
      crdVersion({
        name: 'v1beta1',
        printerColumns: [
          column('IPAddressPools', 'string', '.spec.ipAddressPools'),
          column('IPAddressPool Selectors', 'string', '.spec.ipAddressPoolSelectors'),
          column('Peers', 'string', '.spec.peers'),
          column('Node Selectors', 'string', '.spec.nodeSelectors', 10),
        ],
        schema: resourceSchema({ spec }),
      }),
    ],
  });
}
