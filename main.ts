import { clusters } from './clusters';
import { ManifestCheckError, synthesizeClusters } from './constructs/synthesize';
import { SpecValidationError } from './constructs/validation/spec-issue';

const USAGE = `Usage: npm run synth -- [--outdir DIR] [--help]

Writes DIR/<cluster>/<unit>/<Kind>.<name>.k8s.yaml for every cluster in clusters/index.ts.

Options:
  --outdir DIR  output folder (default: dist)
  --help        show this help
`;

function parseArgs(argv: string[]): { outdir: string } | 'help' {
  let outdir = 'dist';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return 'help';
    if (arg === '--outdir' && argv[i + 1]) {
      outdir = argv[++i];
    } else if (arg.startsWith('--outdir=')) {
      outdir = arg.slice('--outdir='.length);
    } else {
      throw new Error(`unknown argument "${arg}"; run with --help for the options`);
    }
  }
  return { outdir };
}

function main(): number {
  const options = parseArgs(process.argv.slice(2));
  if (options === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }

  try {
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
    throw error;
  }
}

process.exitCode = main();
