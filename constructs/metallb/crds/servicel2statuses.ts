import {
  arr,
  column,
  crdVersion,
  CustomResourceDefinitionManifest,
  immutable,
  metallbCrd,
  obj,
  resourceSchema,
  str,
} from './builder';

/** ServiceL2Status: which node and interfaces announce a Service in layer 2 mode. All fields are under `status`. */
export function serviceL2StatusesCrd(): CustomResourceDefinitionManifest {
  const status = obj({
    interfaces: arr(obj({ name: str() })),
    node: str({ 'x-kubernetes-validations': [immutable()] }),
    serviceName: str({ 'x-kubernetes-validations': [immutable()] }),
    serviceNamespace: str({ 'x-kubernetes-validations': [immutable()] }),
  });

  return metallbCrd({
    kind: 'ServiceL2Status',
    plural: 'servicel2statuses',
    singular: 'servicel2status',
    versions: [
      crdVersion({
        name: 'v1beta1',
        printerColumns: [
          column('Allocated Node', 'string', '.status.node'),
          column('Service Name', 'string', '.status.serviceName'),
          column('Service Namespace', 'string', '.status.serviceNamespace'),
        ],
        schema: resourceSchema({ status }),
      }),
    ],
  });
}
