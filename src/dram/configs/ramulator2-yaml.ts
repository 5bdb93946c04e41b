// Ramulator 2 memory-system YAML (the MemorySystem section of its config, or the whole config) read into
// our spec and written from it. Organisation and timing must be given as explicit keys (org: channel,
// rank, bankgroup, bank, row, column, dq; timing: rate or tCK_ps and nXX cycles); Ramulator's own preset
// names are refused, since their tables live in Ramulator's source. A key we cannot map is one line
// naming file, line and key path. Reading starts from our preset of the same standard (DRAM impl).
import { parseDocument, LineCounter, isMap, isScalar, type Node } from 'yaml';
import type { DramSpec } from '../spec.ts';
import { UserError } from '../../util/errors.ts';
import { baseFor, finish, foreignProtocol, type Assign, type Collected } from './common.ts';

const ORG: Record<string, Assign> = {
  channel: (o, v) => (o.channels = Number(v)),
  // HBM: our channels are its channel x pseudochannel (each with its own banks and data bus)
  pseudochannel: (o, v) => (o.pseudoChannels = Number(v)),
  rank: (o, v) => (o.ranks = Number(v)),
  bankgroup: (o, v) => (o.bankGroups = Number(v)),
  bank: (o, v) => (o.banksPerGroup = Number(v)),
  row: (o, v) => (o.rows = Number(v)),
  column: (o, v) => (o.columns = Number(v)),
  dq: (o, v) => (o.deviceWidth = Number(v)),
  channel_width: (o, v) => (o.busWidth = Number(v)),
  density: () => undefined, // implied by the others (Mb per device)
};

/** Ramulator 2 timing names -> ours (its "n" prefix dropped; tCK_ps and rate set the clock). */
const TIMING: Record<string, string> = {
  nBL: 'BL',
  nCL: 'CL',
  nCWL: 'CWL',
  nRCD: 'RCD',
  nRCDRD: 'RCD',
  nRCDWR: 'RCDWR',
  nRP: 'RP',
  nRPab: 'RPab',
  nRAS: 'RAS',
  nRC: 'RC',
  nWR: 'WR',
  nRTP: 'RTP',
  nCCDS: 'CCD_S',
  nCCDL: 'CCD_L',
  nRRDS: 'RRD_S',
  nRRDL: 'RRD_L',
  nWTRS: 'WTR_S',
  nWTRL: 'WTR_L',
  nFAW: 'FAW',
  nRFC: 'RFC',
  nRFC1: 'RFC',
  nRFCpb: 'RFCpb',
  nPBR2PBR: 'PBR2PBR',
  nPBR2ACT: 'PBR2ACT',
  nREFI: 'REFI',
  nCS: 'RTRS',
  nPPD: 'PPD',
};
/** Ramulator 2 timing keys for what we do not model (power-down, self-refresh, FGR, ...). */
const TIMING_IGNORED = new Set(['nRFC2', 'nRFC4', 'nCKE', 'nXS', 'nXP', 'nCKESR', 'nXSDLL', 'nRTRS_unused']);

const SCHEDULERS: Record<string, string> = { FRFCFS: 'fr-fcfs', FCFS: 'fcfs' };
const ROW_POLICIES: Record<string, string> = { OpenRowPolicy: 'open', ClosedRowPolicy: 'closed' };
const REFRESH: Record<string, string> = { AllBank: 'allbank', AllBankRefresh: 'allbank', PerBank: 'perbank', SameBank: 'samebank', NoRefresh: 'none' };

export function readRamulator2Yaml(text: string, file: string): DramSpec {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc });
  if (doc.errors.length > 0) throw new UserError(`${file}: line ${lc.linePos(doc.errors[0].pos[0]).line}: ${doc.errors[0].message.split('\n')[0]}`);
  const fail = (n: Node | null | undefined, path: string, what: string): never => {
    const line = n?.range ? lc.linePos(n.range[0]).line : 1;
    throw new UserError(`${file}: line ${line}: ${path}: ${what}`);
  };
  let root = doc.contents as Node | null;
  if (isMap(root) && root.has('MemorySystem')) root = root.get('MemorySystem', true) as Node;
  if (!isMap(root)) return fail(root, 'MemorySystem', 'expected a mapping (impl, DRAM, Controller, AddrMapper)');
  const o: Collected = {};
  let protocol: string | undefined;
  const walk = (node: Node, path: string, visit: (key: string, value: string, n: Node, child: Node) => void) => {
    if (!isMap(node)) fail(node, path, 'expected a mapping');
    for (const pair of (node as { items: { key: Node; value: Node }[] }).items) {
      const key = String(isScalar(pair.key) ? pair.key.value : '');
      const v = pair.value;
      visit(key, isScalar(v) ? String(v.value) : '', pair.key, v);
    }
  };
  walk(root, 'MemorySystem', (key, value, kn, child) => {
    if (key === 'impl' || key === 'clock_ratio') return;
    if (key === 'DRAM') {
      walk(child, 'MemorySystem.DRAM', (k, v, n, c) => {
        const path = `MemorySystem.DRAM.${k}`;
        if (k === 'impl') protocol = v;
        else if (k === 'org' || k === 'timing') {
          walk(c, path, (k2, v2, n2) => {
            const p2 = `${path}.${k2}`;
            if (k2 === 'preset')
              fail(
                n2,
                p2,
                "Ramulator's preset tables are not read here: give the org and timing keys explicitly (asapsim presets --export ramulator2 NAME writes them)",
              );
            if (k === 'org') {
              if (!Object.hasOwn(ORG, k2)) fail(n2, p2, `not an org key this model maps (one of ${Object.keys(ORG).join(', ')})`);
              ORG[k2](o, v2);
            } else if (k2 === 'rate') o.dataRate = Number(v2);
            else if (k2 === 'tCK_ps') o.tCK_ns = Number(v2) / 1000;
            else if (TIMING_IGNORED.has(k2)) return;
            else if (Object.hasOwn(TIMING, k2)) o[TIMING[k2]] = Number(v2);
            else fail(n2, p2, 'not a timing key this model maps (nCL, nRCD, nRP, ... or rate, tCK_ps)');
          });
        } else fail(n, path, 'not a DRAM key this model maps (impl, org, timing)');
      });
    } else if (key === 'Controller') {
      walk(child, 'MemorySystem.Controller', (k, _v, n, c) => {
        const path = `MemorySystem.Controller.${k}`;
        if (k === 'impl') return;
        const table = k === 'Scheduler' ? SCHEDULERS : k === 'RowPolicy' ? ROW_POLICIES : k === 'RefreshManager' ? REFRESH : undefined;
        if (table === undefined) fail(n, path, 'not a controller key this model maps (Scheduler, RowPolicy, RefreshManager)');
        walk(c, path, (k2, v2, n2) => {
          if (k2 !== 'impl') return; // policy parameters (e.g. ClosedRowPolicy cap) are not modelled
          if (!Object.hasOwn(table!, v2)) fail(n2, `${path}.impl`, `one of ${Object.keys(table!).join(', ')}`);
          o[k === 'Scheduler' ? 'scheduler' : k === 'RowPolicy' ? 'pagePolicy' : 'refresh'] = table![v2];
        });
      });
    } else if (key === 'AddrMapper') {
      walk(child, 'MemorySystem.AddrMapper', (k, v, n) => {
        if (k === 'impl') o.mapping = v;
        else fail(n, `MemorySystem.AddrMapper.${k}`, 'not a key this model maps (impl)');
      });
    } else fail(kn, `MemorySystem.${key}`, 'not a key this model maps (impl, clock_ratio, DRAM, Controller, AddrMapper)');
  });
  for (const [k, v] of Object.entries(o)) if (typeof v === 'number' && !Number.isFinite(v)) throw new UserError(`${file}: ${k}: expected a number`);
  if (o.pseudoChannels !== undefined && o.channels !== undefined) o.channels = Number(o.channels) * Number(o.pseudoChannels);
  return finish(baseFor(protocol, `${file}: MemorySystem.DRAM.impl`), o, file);
}

export function writeRamulator2Yaml(s: DramSpec): string {
  const t = s.timing;
  const g = s.org;
  const inv = (m: Record<string, string>, v: string) => Object.keys(m).find((k) => m[k] === v) ?? v;
  const timing: [string, number][] = [
    ['nBL', t.BL],
    ['nCL', t.CL],
    ['nCWL', t.CWL],
    ['nRCD', t.RCD],
    ...(t.RCDWR !== t.RCD ? ([['nRCDWR', t.RCDWR]] as [string, number][]) : []),
    ['nRP', t.RP],
    ...(t.RPab !== t.RP ? ([['nRPab', t.RPab]] as [string, number][]) : []),
    ['nRAS', t.RAS],
    ['nRC', t.RC],
    ['nWR', t.WR],
    ['nRTP', t.RTP],
    ['nCCDS', t.CCD_S],
    ['nCCDL', t.CCD_L],
    ['nRRDS', t.RRD_S],
    ['nRRDL', t.RRD_L],
    ['nWTRS', t.WTR_S],
    ['nWTRL', t.WTR_L],
    ['nFAW', t.FAW],
    ['nRFC', t.RFC],
    ...(t.RFCpb > 0
      ? ([
          ['nRFCpb', t.RFCpb],
          ['nPBR2PBR', t.PBR2PBR],
          ['nPBR2ACT', t.PBR2ACT],
        ] as [string, number][])
      : []),
    ['nREFI', t.REFI],
    ['nCS', t.RTRS],
    ...(t.PPD > 0 ? ([['nPPD', t.PPD]] as [string, number][]) : []),
  ];
  return [
    `# ${s.name} exported by asapsim (${s.description}); channel width ${g.busWidth} bits, BL${g.burstLength}`,
    'MemorySystem:',
    '  impl: GenericDRAM',
    '  clock_ratio: 1',
    '  DRAM:',
    `    impl: ${foreignProtocol(s.standard)}`,
    '    org:',
    `      channel: ${g.channels / (g.pseudoChannels ?? 1)}`,
    ...((g.pseudoChannels ?? 1) > 1 ? [`      pseudochannel: ${g.pseudoChannels}`] : []),
    `      rank: ${g.ranks}`,
    `      bankgroup: ${g.bankGroups}`,
    `      bank: ${g.banksPerGroup}`,
    `      row: ${g.rows}`,
    `      column: ${g.columns}`,
    `      dq: ${g.deviceWidth}`,
    `      channel_width: ${g.busWidth}`,
    '    timing:',
    `      rate: ${s.dataRate}`,
    `      tCK_ps: ${s.tCK_ns * 1000}`,
    ...timing.map(([k, v]) => `      ${k}: ${v}`),
    '  Controller:',
    '    impl: Generic',
    '    Scheduler:',
    `      impl: ${inv(SCHEDULERS, s.ctrl.scheduler)}`,
    '    RefreshManager:',
    `      impl: ${inv(REFRESH, s.ctrl.refresh)}`,
    '    RowPolicy:',
    `      impl: ${inv(ROW_POLICIES, s.ctrl.pagePolicy)}`,
    '  AddrMapper:',
    `    impl: ${s.ctrl.mapping}`,
    '',
  ].join('\n');
}
