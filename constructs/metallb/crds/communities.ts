import { arr, crdVersion, CustomResourceDefinitionManifest, metallbCrd, obj, resourceSchema, str } from './builder';

/** Community: named BGP community values that BGPAdvertisements can refer to. */
export function communitiesCrd(): CustomResourceDefinitionManifest {
  const spec = obj({
    communities: arr(obj({ name: str(), value: str() })),
  });

  return metallbCrd({
    kind: 'Community',
    plural: 'communities',
    singular: 'community',
    versions: [crdVersion({ name: 'v1beta1', schema: resourceSchema({ spec }) })],
  });
}
