import { clusters as defaultClusters } from './clusters';
import { loadClusters } from './constructs/load-clusters';
import { ManifestCheckError, synthesizeClusters } from './constructs/synthesize';
import { SpecValidationError } from './constructs/validation/spec-issue';

const USAGE = `Usage: npm run synth -- [--outdir DIR] [--clusters FILE] [--help]

Writes DIR/<cluster>/<unit>/<Kind>.<name>.k8s.yaml for every cluster.

Options:
  --outdir DIR     output folder (default: dist)
  --clusters FILE  cluster specs to build instead of clusters/index.ts: a JSON array of specs,
                   or a .ts/.js module that exports "clusters"
  --help           show this help
`;

/** A mistake in the command line or in the cluster list file; reported without a stack trace. */
class UsageError extends Error {}

interface Options {
  outdir: string;
  clustersFile?: string;
}

function parseArgs(argv: string[]): Options | 'help' {
  const options: Options = { outdir: 'dist' };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inlineValue] = argv[i].split(/=(.*)/s, 2);
    if (flag === '--help' || flag === '-h') return 'help';
    if (flag !== '--outdir' && flag !== '--clusters') {
      throw new UsageError(`unknown argument "${argv[i]}"; run with --help for the options`);
    }
    const value = inlineValue ?? argv[++i];
    if (!value) throw new UsageError(`${flag} needs a value; run with --help for the options`);
    if (flag === '--outdir') options.outdir = value;
    else options.clustersFile = value;
  }
  return options;
}

function main(): number {
  try {
    const options = parseArgs(process.argv.slice(2));
    if (options === 'help') {
      process.stdout.write(USAGE);
      return 0;
    }

    const clusters = options.clustersFile ? loadClusters(options.clustersFile) : defaultClusters;
    if (clusters.length === 0) throw new UsageError('the cluster list is empty; add at least one cluster spec');
    const summaries = synthesizeClusters(clusters, options.outdir);
    for (const summary of summaries) {
      const total = summary.folders.reduce((sum, folder) => sum + folder.objects, 0);
      const parts = summary.folders.map((folder) => `${folder.folder} ${folder.objects}`).join(', ');
      process.stdout.write(`wrote ${options.outdir}/${summary.cluster}/: ${total} objects (${parts})\n`);
    }
    return 0;
  } catch (error) {
    if (error instanceof SpecValidationError || error instanceof ManifestCheckError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    if (error instanceof UsageError || (error as NodeJS.ErrnoException).code === 'ENOENT') {
      process.stderr.write(`error: ${(error as Error).message}\n`);
      return 2;
    }
    throw error;
  }
}

process.exitCode = main();
