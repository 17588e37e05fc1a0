import { clusters as defaultClusters } from './clusters';
import { ClusterSpec } from './clusters/types';
import { CLI_TEXT } from './constructs/cli-text';
import { ClusterFileError, loadClusters } from './constructs/load-clusters';
import { UnsafeOutdirError } from './constructs/output-folder';
import { ManifestCheckError, synthesizeClusters } from './constructs/synthesize';
import { Lang, langFromEnv } from './constructs/validation/locale';
import { SpecValidationError } from './constructs/validation/spec-issue';

/** A mistake on the command line; reported in one line without a stack trace. */
class UsageError extends Error {}

interface Options {
  outdir: string;
  clustersFile?: string;
  help: boolean;
}

/** Finds `--lang` first, so that every later message, including argument errors, uses that language. */
function pickLang(argv: readonly string[]): Lang {
  for (let i = 0; i < argv.length; i++) {
    const [flag, inlineValue] = argv[i].split(/=(.*)/s, 2);
    if (flag !== '--lang') continue;
    const value = inlineValue ?? argv[i + 1];
    if (value === 'en' || value === 'zh') return value;
    throw new UsageError(CLI_TEXT.badLang(langFromEnv(), String(value ?? '')));
  }
  return langFromEnv();
}

function parseArgs(argv: readonly string[], lang: Lang): Options {
  const options: Options = { outdir: 'dist', help: false };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inlineValue] = argv[i].split(/=(.*)/s, 2);
    if (flag === '--help' || flag === '-h') {
      options.help = true;
      continue;
    }
    if (flag !== '--outdir' && flag !== '--clusters' && flag !== '--lang') {
      throw new UsageError(CLI_TEXT.unknownArgument(lang, argv[i]));
    }
    const value = inlineValue ?? argv[++i];
    if (!value) throw new UsageError(CLI_TEXT.missingValue(lang, flag));
    if (flag === '--outdir') options.outdir = value;
    if (flag === '--clusters') options.clustersFile = value;
  }
  return options;
}

function run(argv: readonly string[], lang: Lang): number {
  const options = parseArgs(argv, lang);
  if (options.help) {
    process.stdout.write(CLI_TEXT.usage(lang));
    return 0;
  }

  const clusters = (options.clustersFile ? loadClusters(options.clustersFile) : defaultClusters) as ClusterSpec[];
  if (clusters.length === 0) throw new UsageError(CLI_TEXT.emptyClusterList(lang));

  for (const summary of synthesizeClusters(clusters, options.outdir)) {
    const total = summary.folders.reduce((sum, folder) => sum + folder.objects, 0);
    const parts = summary.folders.map((folder) => `${folder.folder} ${folder.objects}`).join(', ');
    process.stdout.write(`${CLI_TEXT.wrote(lang, `${options.outdir}/${summary.cluster}/`, total, parts)}\n`);
  }
  return 0;
}

function main(argv: readonly string[]): number {
  let lang = langFromEnv();
  try {
    lang = pickLang(argv);
    return run(argv, lang);
  } catch (error) {
    if (error instanceof SpecValidationError) {
      process.stderr.write(`${error.format(lang)}\n`);
      return 1;
    }
    if (error instanceof ManifestCheckError) {
      // NOTE: these problems come from the constructs, not from a spec, so their details stay in English.
      process.stderr.write(`${[CLI_TEXT.invalidObjects(lang, error.problems.length), ...error.problems.map((p) => `  - ${p}`)].join('\n')}\n`);
      return 1;
    }
    if (error instanceof ClusterFileError) {
      const text = error.reason === 'no-list' ? CLI_TEXT.noClusterList(lang, error.file) : CLI_TEXT.unreadableClusterFile(lang, error.file, error.message);
      process.stderr.write(`${CLI_TEXT.errorPrefix(lang)}${text}\n`);
      return 2;
    }
    if (error instanceof UnsafeOutdirError) {
      const text = error.reason === 'holds-cwd' ? CLI_TEXT.outdirHoldsCwd(lang, error.outdir) : CLI_TEXT.outdirForeignFile(lang, error.outdir, error.file ?? '');
      process.stderr.write(`${CLI_TEXT.errorPrefix(lang)}${text}\n`);
      return 2;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`${CLI_TEXT.errorPrefix(lang)}${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

// A reader that stops early (`| head`) closes the pipe; that is not an error of the synth.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});

process.exitCode = main(process.argv.slice(2));
