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

/** ServiceBGPStatus: per node, which BGP peers a Service is announced to. All fields are under `status`. */
export function serviceBgpStatusesCrd(): CustomResourceDefinitionManifest {
  const status = obj({
    node: str({ 'x-kubernetes-validations': [immutable()] }),
    peers: arr(str()),
    serviceName: str({ 'x-kubernetes-validations': [immutable()] }),
    serviceNamespace: str({ 'x-kubernetes-validations': [immutable()] }),
  });

  return metallbCrd({
    kind: 'ServiceBGPStatus',
    plural: 'servicebgpstatuses',
    singular: 'servicebgpstatus',
    versions: [
      crdVersion({
        name: 'v1beta1',
        printerColumns: [
          column('Node', 'string', '.status.node'),
          column('Service Name', 'string', '.status.serviceName'),
          column('Service Namespace', 'string', '.status.serviceNamespace'),
        ],
        schema: resourceSchema({ status }),
      }),
    ],
  });
}
