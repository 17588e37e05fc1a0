/**
 * Splits one run into its phases, for the report's "where the time goes" table: the runtime's start-up until this
 * file runs, loading the modules, and the synth itself. Prints one JSON line.
 *
 * Usage: ts-node --swc bench/phases.ts ours|bare OUTDIR OBJECTS
 */
const startup = performance.now();
const [kind, outdir, objects] = [process.argv[2], process.argv[3], Number(process.argv[4])];

let loaded: number;
if (kind === 'ours') {
  const { clusters } = require('../clusters');
  const { synthesizeClusters } = require('../constructs/synthesize');
  loaded = performance.now();
  synthesizeClusters(clusters, outdir);
} else {
  const { writeBareApp } = require('./bare-app');
  loaded = performance.now();
  writeBareApp(outdir, 1, objects);
}
const done = performance.now();
process.stdout.write(`${JSON.stringify({ startup, load: loaded - startup, synth: done - loaded })}\n`);
