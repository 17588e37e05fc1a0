import { loongarchProd } from './loongarch-prod';
import { ClusterSpec } from './types';

/** Every cluster `npm run synth` writes, one `dist/<name>/` folder each. The first is the default. */
export const clusters: readonly ClusterSpec[] = [loongarchProd];

export { ClusterSpec } from './types';
