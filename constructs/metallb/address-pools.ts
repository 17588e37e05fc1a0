import { Construct } from 'constructs';
import { AddressPoolSpec } from '../../clusters/types';
import { IpAddressPool, L2Advertisement } from '../../imports/metallb.io';

export interface MetallbAddressPoolsProps {
  readonly namespace: string;
  readonly pools: readonly AddressPoolSpec[];
}

/**
 * One IPAddressPool per pool of the spec, each announced in layer 2 mode by an L2Advertisement of the same name.
 * The classes come from `imports/metallb.io.ts`, generated from our own CRDs by `npm run import`, so a field the
 * CRD lacks fails type checking here.
 */
export class MetallbAddressPools extends Construct {
  constructor(scope: Construct, id: string, props: MetallbAddressPoolsProps) {
    super(scope, id);
    const { namespace } = props;

    for (const pool of props.pools) {
      new IpAddressPool(this, `pool-${pool.name}`, {
        metadata: { name: pool.name, namespace },
        spec: {
          addresses: [...pool.addresses],
          autoAssign: pool.autoAssign ?? true,
          avoidBuggyIPs: pool.avoidBuggyIPs ?? false,
        },
      });

      new L2Advertisement(this, `l2-${pool.name}`, {
        metadata: { name: pool.name, namespace },
        spec: {
          ipAddressPools: [pool.name],
          ...(pool.interfaces ? { interfaces: [...pool.interfaces] } : {}),
        },
      });
    }
  }
}
