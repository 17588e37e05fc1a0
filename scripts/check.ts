import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clusters } from '../clusters';
import { ManifestCheckError, synthesizeClusters } from '../constructs/synthesize';
import { SpecValidationError } from '../constructs/validation/spec-issue';
import { compareTrees, isEmpty } from './lib/compare-trees';

const USAGE = `Usage: npm run check -- [--dist DIR] [--help]

Synthesizes every cluster into a temporary folder and compares the result with DIR file by file.
Exits 1 and names each differing file when DIR is not what the code produces.

Options:
  --dist DIR  committed output folder to check (default: dist)
  --help      show this help
`;

function parseArgs(argv: string[]): { dist: string } | 'help' {
  let dist = 'dist';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return 'help';
    if (arg === '--dist' && argv[i + 1]) {
      dist = argv[++i];
    } else if (arg.startsWith('--dist=')) {
      dist = arg.slice('--dist='.length);
    } else {
      throw new Error(`unknown argument "${arg}"; run with --help for the options`);
    }
  }
  return { dist };
}

function main(): number {
  const options = parseArgs(process.argv.slice(2));
  if (options === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }

  const scratch = mkdtempSync(join(tmpdir(), 'dist-check-'));
  try {
    const expected = join(scratch, 'dist');
    synthesizeClusters(clusters, expected);
    const difference = compareTrees(options.dist, expected);
    if (isEmpty(difference)) {
      process.stdout.write(`${options.dist}/ matches a fresh synth\n`);
      return 0;
    }

    const lines = [
      ...difference.changed.map((file) => `  changed: ${options.dist}/${file}`),
      ...difference.missing.map((file) => `  missing: ${options.dist}/${file} (the code produces it)`),
      ...difference.extra.map((file) => `  extra:   ${options.dist}/${file} (the code does not produce it)`),
    ];
    process.stderr.write(`${options.dist}/ differs from a fresh synth in ${lines.length} file(s):\n${lines.join('\n')}\n`);
    process.stderr.write('Fix: run npm run synth and commit dist/; never edit dist/ by hand.\n');
    return 1;
  } catch (error) {
    if (error instanceof SpecValidationError || error instanceof ManifestCheckError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

process.exitCode = main();
