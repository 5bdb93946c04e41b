// asapsim merge: combines results files of one sweep (the shards of a cluster job array) into one, checking
// that all belong to the same sweep, dropping duplicate points, and saying which points are still missing.
import type { Command } from 'commander';
import { mergeResults, mergedText } from '../sweep/merge.ts';
import { assertWritableFile, writeFileAtomic } from '../util/atomic.ts';
import { UserError } from '../util/errors.ts';
import { commandLine } from './options.ts';
import { addExamples } from './help.ts';

interface MergeFlags {
  output?: string;
  force: boolean;
}

export function register(program: Command): void {
  program
    .command('merge <files...>')
    .description('merge the results files (shards) of one sweep into one results file')
    .option('-o, --output <file>', 'merged results file (e.g. reports/<name>/points.jsonl)')
    .option('--force', 'overwrite the output file', false)
    .action((files: string[], flags: MergeFlags) => {
      if (!flags.output) throw new UserError('merge: -o/--output <file> is required');
      if (files.includes(flags.output)) throw new UserError(`${flags.output}: the output is also an input; write the merge elsewhere`);
      assertWritableFile(flags.output, flags.force);
      const m = mergeResults(files, commandLine(process.argv));
      writeFileAtomic(flags.output, mergedText(m));
      for (const f of m.tornFiles) process.stderr.write(`asapsim: ${f}: ignored a torn last line (a point cut short; it is missing below)\n`);
      console.log(
        `${flags.output}: ${m.points.length} of ${m.header.total} points of sweep ${m.header.sweep} from ${files.length} files${m.duplicates ? `, ${m.duplicates} duplicates dropped` : ''}`,
      );
      if (m.missing > 0) console.log(`${m.missing} points missing: rerun the unfinished shards with --resume, then merge again`);
    });
  addExamples(program.commands.at(-1)!, [
    ['asapsim merge reports/caps/points.shard-*.jsonl -o reports/caps/points.jsonl', 'combine four cluster shards, then: asapsim report --from reports/caps'],
  ]);
}
