import { resolve } from 'node:path';
import { mergeBase, readTreeAt, readWorkingTree, resolveCommit } from './lib/git-tree';
import { renderMarkdown } from './lib/markdown-report';
import { diffObjects, objectsOf } from './lib/object-diff';

const USAGE = `Usage: npm run diff -- [GIT-REF] [--dist DIR] [--help]

Prints, as Markdown for a pull request comment, the Kubernetes objects under DIR that were added, removed or
changed between GIT-REF and the working tree, with each changed field's path and old and new value.
Run npm run synth first so that DIR holds what the code produces.

Arguments:
  GIT-REF     commit, branch or tag to compare with (default: the merge base of HEAD and main)
Options:
  --dist DIR  output folder, relative to the repository root (default: dist)
  --help      show this help
`;

export interface DiffOptions {
  readonly repoDir: string;
  /** Ref to compare with; undefined means the merge base of HEAD and main. */
  readonly ref?: string;
  readonly distPath: string;
}

/** Builds the Markdown report of the object changes under `distPath` between a ref and the working tree. */
export function diffDist(options: DiffOptions): string {
  const commit = options.ref === undefined ? mergeBase(options.repoDir, 'main') : resolveCommit(options.repoDir, options.ref);
  const label = `${options.ref ?? 'merge base with main'} (\`${commit.slice(0, 12)}\`)`;
  const before = objectsOf(readTreeAt(options.repoDir, commit, options.distPath));
  const after = objectsOf(readWorkingTree(resolve(options.repoDir, options.distPath)));
  return renderMarkdown(diffObjects(before, after), label);
}

function parseArgs(argv: string[]): { ref?: string; distPath: string } | 'help' {
  let ref: string | undefined;
  let distPath = 'dist';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return 'help';
    if (arg === '--dist' && argv[i + 1]) {
      distPath = argv[++i];
    } else if (arg.startsWith('--dist=')) {
      distPath = arg.slice('--dist='.length);
    } else if (!arg.startsWith('-') && ref === undefined) {
      ref = arg;
    } else {
      throw new Error(`unknown argument "${arg}"; run with --help for the options`);
    }
  }
  return { ref, distPath };
}

function main(): number {
  const options = parseArgs(process.argv.slice(2));
  if (options === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  try {
    process.stdout.write(diffDist({ repoDir: process.cwd(), ...options }));
    return 0;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 1;
  }
}

if (require.main === module) process.exitCode = main();
