import {
  arr,
  bool,
  column,
  crdVersion,
  CustomResourceConversion,
  CustomResourceDefinitionManifest,
  int,
  int32,
  JsonSchemaProps,
  labelSelector,
  metallbCrd,
  obj,
  resourceSchema,
  str,
  stringMap,
} from './builder';

/** The Service that serves ConversionReview requests for BGPPeer. */
export interface ConversionWebhookService {
  readonly namespace: string;
  readonly name: string;
}

/**
 * Four-byte ASNs reach 4294967295, beyond the int32 range, yet upstream labels the format
 * int32. Both are kept so that the API server validates exactly as it does upstream.
 */
function asn(): JsonSchemaProps {
  return int32({ minimum: 0, maximum: 4294967295 });
}

/**
 * Node selector of v1beta1. Unlike the atomic `metav1.LabelSelector` of v1beta2, every
 * expression must list at least one value, and the lists carry no list-type marker.
 */
function legacyNodeSelector(): JsonSchemaProps {
  const requirement = obj(
    {
      key: str(),
      operator: str(),
      values: arr(str(), { minItems: 1 }),
    },
    { required: ['key', 'operator', 'values'] },
  );

  return obj({
    matchExpressions: arr(requirement),
    matchLabels: stringMap(),
  });
}

function v1beta1Spec(): JsonSchemaProps {
  return obj(
    {
      bfdProfile: str(),
      ebgpMultiHop: bool(),
      holdTime: str(),
      keepaliveTime: str(),
      myASN: asn(),
      nodeSelectors: arr(legacyNodeSelector()),
      password: str(),
      peerASN: asn(),
      peerAddress: str(),
      peerPort: int({ minimum: 0, maximum: 16384 }),
      routerID: str(),
      sourceAddress: str(),
    },
    { required: ['myASN', 'peerASN', 'peerAddress'] },
  );
}

/**
 * In v1beta2, peerASN and peerAddress are optional because `dynamicASN` may replace the ASN and
 * `interface` (BGP unnumbered) the address. Exactly one of each pair must be set, which this
 * schema does not express.
 */
function v1beta2Spec(): JsonSchemaProps {
  return obj(
    {
      bfdProfile: str(),
      // The CEL messages are the ones upstream returns, so users see the same errors.
      connectTime: str({
        'x-kubernetes-validations': [
          {
            rule: 'duration(self).getSeconds() >= 1 && duration(self).getSeconds() <= 65535',
            message: 'connect time should be between 1 seconds to 65535',
          },
          {
            rule: 'duration(self).getMilliseconds() % 1000 == 0',
            message: 'connect time should contain a whole number of seconds',
          },
        ],
      }),
      disableMP: bool({ default: false }),
      dualStackAddressFamily: bool({ default: false }),
      dynamicASN: str({ enum: ['internal', 'external'] }),
      ebgpMultiHop: bool(),
      enableGracefulRestart: bool({
        'x-kubernetes-validations': [
          { rule: 'self == oldSelf', message: 'EnableGracefulRestart cannot be changed after creation' },
        ],
      }),
      holdTime: str(),
      interface: str(),
      keepaliveTime: str(),
      myASN: asn(),
      nodeSelectors: arr(labelSelector()),
      password: str(),
      passwordSecret: obj(
        { name: str(), namespace: str() },
        { 'x-kubernetes-map-type': 'atomic' },
      ),
      peerASN: asn(),
      peerAddress: str(),
      peerPort: int({ default: 179, minimum: 1, maximum: 16384 }),
      routerID: str(),
      sourceAddress: str(),
      vrf: str(),
    },
    { required: ['myASN'] },
  );
}

/**
 * Conversion between v1beta1 and v1beta2 goes through the MetalLB webhook. `caBundle` is left out
 * because the MetalLB controller's certificate rotator writes it at run time. A static value
 * would be stale and would overwrite the rotator's value on every sync.
 */
function conversion(service: ConversionWebhookService): CustomResourceConversion {
  return {
    strategy: 'Webhook',
    webhook: {
      clientConfig: {
        service: { name: service.name, namespace: service.namespace, path: '/convert' },
      },
      conversionReviewVersions: ['v1beta1', 'v1beta2'],
    },
  };
}

/** BGPPeer: a BGP session the speakers open. v1beta1 is still served but v1beta2 is stored. */
export function bgpPeersCrd(webhookService: ConversionWebhookService): CustomResourceDefinitionManifest {
  // A function rather than one shared array, so that a YAML writer emits no anchors and aliases.
  const printerColumns = () => [
    column('Address', 'string', '.spec.peerAddress'),
    column('ASN', 'string', '.spec.peerASN'),
    column('BFD Profile', 'string', '.spec.bfdProfile'),
    column('Multi Hops', 'string', '.spec.ebgpMultiHop'),
  ];

  return metallbCrd({
    kind: 'BGPPeer',
    plural: 'bgppeers',
    singular: 'bgppeer',
    conversion: conversion(webhookService),
    versions: [
      crdVersion({
        name: 'v1beta1',
        storage: false,
        deprecationWarning: 'metallb.io/v1beta1 BGPPeer is deprecated; use metallb.io/v1beta2',
        printerColumns: printerColumns(),
        schema: resourceSchema({ spec: v1beta1Spec() }),
      }),
      crdVersion({
        name: 'v1beta2',
        printerColumns: printerColumns(),
        schema: resourceSchema({ spec: v1beta2Spec() }),
      }),
    ],
  });
}
