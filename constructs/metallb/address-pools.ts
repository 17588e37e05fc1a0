import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { AddressPoolSpec } from '../../clusters/types';

export interface MetallbAddressPoolsProps {
  readonly namespace: string;
  readonly pools: readonly AddressPoolSpec[];
}

/** One IPAddressPool per pool of the spec, each announced in layer 2 mode by an L2Advertisement of the same name. */
export class MetallbAddressPools extends Construct {
  constructor(scope: Construct, id: string, props: MetallbAddressPoolsProps) {
    super(scope, id);
    const { namespace } = props;

    for (const pool of props.pools) {
      new ApiObject(this, `pool-${pool.name}`, {
        apiVersion: 'metallb.io/v1beta1',
        kind: 'IPAddressPool',
        metadata: { name: pool.name, namespace },
        spec: {
          addresses: [...pool.addresses],
          autoAssign: pool.autoAssign ?? true,
          avoidBuggyIPs: pool.avoidBuggyIPs ?? false,
        },
      });

      new ApiObject(this, `l2-${pool.name}`, {
        apiVersion: 'metallb.io/v1beta1',
        kind: 'L2Advertisement',
        metadata: { name: pool.name, namespace },
        spec: {
          ipAddressPools: [pool.name],
          ...(pool.interfaces ? { interfaces: [...pool.interfaces] } : {}),
        },
      });
    }
  }
}
