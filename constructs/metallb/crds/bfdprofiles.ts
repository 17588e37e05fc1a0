import { bool, column, crdVersion, CustomResourceDefinitionManifest, int32, metallbCrd, obj, resourceSchema } from './builder';

/** Returns the schema of a BFD interval in milliseconds. All three intervals share the same range. */
function intervalMs() {
  return int32({ minimum: 10, maximum: 60000 });
}

/** BFDProfile: BFD session timers that a BGPPeer can refer to by name. */
export function bfdProfilesCrd(): CustomResourceDefinitionManifest {
  const spec = obj({
    detectMultiplier: int32({ minimum: 2, maximum: 255 }),
    echoInterval: intervalMs(),
    echoMode: bool(),
    minimumTtl: int32({ minimum: 1, maximum: 254 }),
    passiveMode: bool(),
    receiveInterval: intervalMs(),
    transmitInterval: intervalMs(),
  });

  return metallbCrd({
    kind: 'BFDProfile',
    plural: 'bfdprofiles',
    singular: 'bfdprofile',
    versions: [
      crdVersion({
        name: 'v1beta1',
        printerColumns: [
          column('Passive Mode', 'boolean', '.spec.passiveMode'),
          column('Transmit Interval', 'integer', '.spec.transmitInterval'),
          column('Receive Interval', 'integer', '.spec.receiveInterval'),
          column('Multiplier', 'integer', '.spec.detectMultiplier'),
        ],
        schema: resourceSchema({ spec }),
      }),
    ],
  });
}
