import {
  arr,
  bool,
  column,
  crdVersion,
  CustomResourceDefinitionManifest,
  int,
  int64,
  labelSelector,
  metallbCrd,
  obj,
  resourceSchema,
  str,
} from './builder';

/** IPAddressPool: address ranges MetalLB may assign to LoadBalancer Services. */
export function ipAddressPoolsCrd(): CustomResourceDefinitionManifest {
  const spec = obj(
    {
      addresses: arr(str()),
      autoAssign: bool({ default: true }),
      avoidBuggyIPs: bool({ default: false }),
      serviceAllocation: obj({
        namespaceSelectors: arr(labelSelector()),
        namespaces: arr(str()),
        priority: int(),
        serviceSelectors: arr(labelSelector()),
      }),
    },
    { required: ['addresses'] },
  );

  const status = obj(
    {
      assignedIPv4: int64(),
      assignedIPv6: int64(),
      availableIPv4: int64(),
      availableIPv6: int64(),
    },
    { required: ['assignedIPv4', 'assignedIPv6', 'availableIPv4', 'availableIPv6'] },
  );

  return metallbCrd({
    kind: 'IPAddressPool',
    plural: 'ipaddresspools',
    singular: 'ipaddresspool',
    versions: [
      crdVersion({
        name: 'v1beta1',
        printerColumns: [
          column('Auto Assign', 'boolean', '.spec.autoAssign'),
          column('Avoid Buggy IPs', 'boolean', '.spec.avoidBuggyIPs'),
          column('Addresses', 'string', '.spec.addresses'),
        ],
        schema: resourceSchema({ spec, status, required: ['spec'] }),
      }),
    ],
  });
}
