// Help reads as a manual: every command's help, built in-process, prints no JSON default, no absolute path,
// no "(default: false)", and ends with examples; the command list's summaries are the modules' own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Command } from 'commander';
import { commands } from '../../src/cli/main.ts';
import { configureHelp, humanDefault } from '../../src/cli/help.ts';
import { flagHint } from '../../src/util/errors.ts';

async function helpOf(name: string): Promise<{ text: string; description: string }> {
  let text = '';
  const program = configureHelp(new Command('asapsim')).configureOutput({ writeOut: (s) => (text += s) });
  (await commands[name].load()).register(program);
  const cmd = program.commands.find((c) => c.name() === name)!;
  cmd.outputHelp();
  return { text, description: cmd.description() };
}

for (const name of Object.keys(commands)) {
  test(`${name} --help: manual-style defaults, examples, summary as listed`, async () => {
    const { text, description } = await helpOf(name);
    assert.equal(description, commands[name].summary, 'main.ts summary drifted from the module description');
    assert.doesNotMatch(text, /default: [[{"]/, 'a default printed as JSON');
    assert.doesNotMatch(text, /default: false/);
    assert.ok(!text.includes(new URL('../../', import.meta.url).pathname), 'an absolute path of this machine');
    assert.match(text, /\nExamples:\n {2}\S.*:\n {4}(asapsim|npm) /);
    for (const line of text.split('\n')) assert.ok(line.length <= 200, line);
  });
}

test('one meaning per flag: --preset and --format are DRAM flags; charts use --chart-preset and --chart-format', async () => {
  for (const name of ['compare', 'sweep', 'report']) {
    const { text } = await helpOf(name);
    assert.match(text, /--chart-preset <name>/);
    assert.match(text, /--chart-format <list>/);
    assert.doesNotMatch(text, /--preset|--format /, name);
  }
  assert.match((await helpOf('dram')).text, /--preset <name>/);
});

test('train and compare name datasets alike; train says which work offline', async () => {
  const train = (await helpOf('train')).text.replace(/\s+/g, ' ');
  const compare = (await helpOf('compare')).text.replace(/\s+/g, ' ');
  assert.match(train, /--data <name> dataset: mnist \(offline/);
  assert.doesNotMatch(train, /mnist-bundled/);
  for (const d of ['mnist', 'cifar10', 'cifar100', 'svhn']) {
    assert.ok(train.includes(d), d);
    assert.ok(compare.includes(d), d);
  }
});

test('humanDefault: lists joined, switches and empty values unsaid, labels as typed', () => {
  assert.equal(humanDefault(['svg', 'png']), 'svg,png');
  assert.equal(humanDefault(false), undefined);
  assert.equal(humanDefault({}), undefined);
  assert.equal(humanDefault([]), undefined);
  assert.equal(humanDefault(128), '128');
  assert.equal(humanDefault(new URL('../../arch-configs/edge.yaml', import.meta.url).pathname), 'arch-configs/edge.yaml');
});

test('flagHint: under an npm script, says how to pass the flag through npm', () => {
  assert.equal(flagHint('--force', {}), '--force');
  const start = { npm_lifecycle_event: 'start', npm_lifecycle_script: 'node bin/asapsim.js compare' };
  assert.equal(flagHint('--force', start), '--force (through npm: npm start -- --force)');
  assert.equal(flagHint('--force', { npm_lifecycle_event: 'sweep', npm_lifecycle_script: 'asapsim sweep' }), '--force (through npm: npm run sweep -- --force)');
  // A test runner started by npm passes npm's variables to the commands it spawns: those take --force as is.
  assert.equal(flagHint('--force', { npm_lifecycle_event: 'test', npm_lifecycle_script: 'node --test test/' }), '--force');
});
