// DRAMSim3 .ini configs read into our spec and written from it. Reading starts from our preset of the
// same protocol (for what DRAMSim3 does not describe: per-bank refresh timings, tPPD, energy per bit)
// and applies every key DRAMSim3 gives; a key we cannot map is a one-line error naming file, line and key.
// Keys DRAMSim3 has for states we do not model (power-down, self-refresh, preambles, fine-granularity
// refresh) are accepted and listed in IGNORED.
import type { DramSpec } from '../spec.ts';
import { UserError } from '../../util/errors.ts';
import { baseFor, beatsPerCycle, finish, foreignProtocol, isHbm, type Assign } from './common.ts';

/** DRAMSim3 key (section.key, case-insensitive key) -> how it sets our spec. */
const KEYS: Record<string, Assign> = {
  'dram_structure.protocol': () => undefined, // read first, picks the base
  'dram_structure.standard': () => undefined, // asapsim's own key for a standard DRAMSim3 lacks (HBM2E): the base
  'dram_structure.bankgroups': (o, v) => (o.bankGroups = num(v)),
  'dram_structure.banks_per_group': (o, v) => (o.banksPerGroup = num(v)),
  'dram_structure.rows': (o, v) => (o.rows = num(v)),
  'dram_structure.columns': (o, v) => (o.columns = num(v)),
  'dram_structure.device_width': (o, v) => (o.deviceWidth = num(v)),
  'dram_structure.bl': (o, v) => (o.burstLength = num(v)), // tBURST follows from it and the protocol
  'dram_structure.hbm_dual_cmd': (o, v) => (o.commandBuses = bool(v) ? 'row-column' : 'shared'),
  // asapsim's own key (DRAMSim3 ignores it): channels sharing one set of command buses
  'dram_structure.pseudo_channels': (o, v) => (o.pseudoChannels = num(v)),
  'timing.tck': (o, v) => {
    o.tCK_ns = num(v);
    o.dataRate = Math.round(2000 / num(v));
  },
  'timing.al': (_o, v) => {
    if (num(v) !== 0) throw new Error('0 (additive latency is not modelled)');
  },
  'timing.cl': (o, v) => (o.CL = num(v)),
  'timing.cwl': (o, v) => (o.CWL = num(v)),
  'timing.trcd': (o, v) => (o.RCD = num(v)),
  'timing.trcdrd': (o, v) => (o.RCD = num(v)),
  'timing.trcdwr': (o, v) => (o.RCDWR = num(v)),
  'timing.trp': (o, v) => (o.RP = num(v)),
  'timing.trpab': (o, v) => (o.RPab = num(v)),
  'timing.tras': (o, v) => (o.RAS = num(v)),
  'timing.trc': (o, v) => (o.RC = num(v)),
  'timing.trfc': (o, v) => (o.RFC = num(v)),
  'timing.trfcb': (o, v) => (o.RFCpb = num(v)),
  'timing.trefi': (o, v) => (o.REFI = num(v)),
  // DRAMSim3's DDR3 configs spell it REFI (DRAMSim3 itself reads only tREFI and then uses its default)
  'timing.refi': (o, v) => (o.REFI = num(v)),
  'timing.trrd_s': (o, v) => (o.RRD_S = num(v)),
  'timing.trrd_l': (o, v) => (o.RRD_L = num(v)),
  'timing.twtr_s': (o, v) => (o.WTR_S = num(v)),
  'timing.twtr_l': (o, v) => (o.WTR_L = num(v)),
  'timing.tfaw': (o, v) => (o.FAW = num(v)),
  'timing.twr': (o, v) => (o.WR = num(v)),
  'timing.trtp': (o, v) => (o.RTP = num(v)),
  'timing.tccd_s': (o, v) => (o.CCD_S = num(v)),
  'timing.tccd_l': (o, v) => (o.CCD_L = num(v)),
  'timing.trtrs': (o, v) => (o.RTRS = num(v)),
  'timing.tppd': (o, v) => (o.PPD = num(v)),
  'power.vdd': (o, v) => (o.vdd = num(v)),
  'power.idd0': (o, v) => (o.idd0 = num(v)),
  'power.idd2n': (o, v) => (o.idd2n = num(v)),
  'power.idd3n': (o, v) => (o.idd3n = num(v)),
  'power.idd4r': (o, v) => (o.idd4r = num(v)),
  'power.idd4w': (o, v) => (o.idd4w = num(v)),
  'power.idd5ab': (o, v) => (o.idd5b = num(v)),
  'system.channels': (o, v) => (o.channels = num(v)),
  'system.bus_width': (o, v) => (o.busWidth = num(v)),
  'system.channel_size': (o, v) => (o.channelMiB = num(v)),
  'system.address_mapping': (o, v) => (o.mapping = v),
  'system.row_buf_policy': (o, v) => {
    const p = v.toUpperCase();
    if (p !== 'OPEN_PAGE' && p !== 'CLOSE_PAGE') throw new Error('OPEN_PAGE or CLOSE_PAGE');
    o.pagePolicy = p === 'OPEN_PAGE' ? 'open' : 'closed';
  },
  'system.refresh_policy': (o, v) => {
    const p = v.toUpperCase();
    if (p === 'RANK_LEVEL_STAGGERED' || p === 'RANK_LEVEL_SIMULTANEOUS') o.refresh = 'allbank';
    else if (p === 'BANK_LEVEL_STAGGERED') o.refresh = 'perbank';
    else throw new Error('RANK_LEVEL_STAGGERED, RANK_LEVEL_SIMULTANEOUS or BANK_LEVEL_STAGGERED');
  },
  'system.trans_queue_size': (o, v) => {
    o.readQueue = num(v);
    o.writeQueue = num(v);
  },
};

/** Known DRAMSim3 keys for what this model leaves out (power-down, self-refresh, preambles, FGR, logging). */
const IGNORED = new Set([
  'timing.trpre',
  'timing.twpre',
  'timing.tcke',
  'timing.tckesr',
  'timing.tcksre',
  'timing.trtp_l', // HBM configs; DRAMSim3 reads only tRTP
  'timing.trtp_s',
  'timing.txs',
  'timing.txp',
  'timing.trfc2',
  'timing.trfc4',
  'timing.twr2',
  'timing.trefib',
  'power.idd2p',
  'power.idd3p',
  'power.idd5pb',
  'power.idd6x',
  'power.idd8',
  'power.ipp0',
  'timing.t32aw',
  'timing.ideal_memory_latency',
  'dram_structure.num_dies',
  'dram_structure.bankgroup_enable',
  'system.aggressive_precharging_enabled',
  'system.enable_self_refresh',
  'system.sref_threshold',
  'system.write_buf_size',
  'system.queue_structure',
  'system.cmd_queue_size',
  'system.unified_queue',
  'system.refresh_interval',
]);

function bool(v: string): boolean {
  const k = v.trim().toLowerCase();
  if (['true', 'yes', 'on', '1'].includes(k)) return true;
  if (['false', 'no', 'off', '0'].includes(k)) return false;
  throw new Error(`true or false, got "${v}"`);
}

function num(v: string): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) throw new Error(`a number, got "${v}"`);
  return n;
}

export function readDramsim3Ini(text: string, file: string): DramSpec {
  const lines = text.split(/\r?\n/);
  const entries: { key: string; value: string; line: number; raw: string }[] = [];
  let section = '';
  lines.forEach((l, i) => {
    const s = l.replace(/[;#].*$/, '').trim();
    if (s === '') return;
    const sec = /^\[([^\]]+)\]$/.exec(s);
    if (sec) {
      section = sec[1].trim().toLowerCase();
      return;
    }
    const eq = s.indexOf('=');
    if (eq <= 0) throw new UserError(`${file}: line ${i + 1}: expected "key = value" or "[section]"`);
    const raw = s.slice(0, eq).trim();
    entries.push({ key: `${section}.${raw.toLowerCase()}`, value: s.slice(eq + 1).trim(), line: i + 1, raw });
  });
  const protocol = entries.find((e) => e.key === 'dram_structure.standard') ?? entries.find((e) => e.key === 'dram_structure.protocol');
  const base = baseFor(protocol?.value, `${file}: line ${protocol?.line ?? 1}: protocol`);
  const o: Parameters<Assign>[0] = {};
  for (const e of entries) {
    if (e.key.startsWith('other.') || e.key.startsWith('thermal.') || e.key.startsWith('hmc.') || IGNORED.has(e.key)) continue;
    const assign = Object.hasOwn(KEYS, e.key) ? KEYS[e.key] : undefined;
    if (assign === undefined) throw new UserError(`${file}: line ${e.line}: ${e.raw}: not a DRAMSim3 key this model maps (section [${e.key.split('.')[0]}])`);
    try {
      assign(o, e.value);
    } catch (err) {
      throw new UserError(`${file}: line ${e.line}: ${e.raw}: expected ${(err as Error).message}`);
    }
  }
  if (o.burstLength !== undefined) o.BL = Number(o.burstLength) / beatsPerCycle(base.standard);
  if (isHbm(base.standard) && o.columns !== undefined) o.columns = Number(o.columns) * 2;
  return finish(base, o, file);
}

/** Our named mappings in DRAMSim3's field-string form (most significant first); others as they are. */
const DRAMSIM3_MAPPINGS: Record<string, string> = {
  robaracoch: 'robabgracoch',
  rocobarach: 'rocobabgrach',
  chrabaroco: 'chrababgroco',
};

function dramsim3Mapping(name: string): string {
  const k = name.toLowerCase();
  return Object.hasOwn(DRAMSIM3_MAPPINGS, k) ? DRAMSIM3_MAPPINGS[k] : name;
}

export function writeDramsim3Ini(s: DramSpec): string {
  if (s.ctrl.refresh === 'samebank') throw new UserError(`${s.name}: DRAMSim3 has no same-bank refresh (refresh=samebank); choose another refresh policy`);
  const t = s.timing;
  const o = s.org;
  const p = s.power;
  const devMiB = (o.bankGroups * o.banksPerGroup * o.rows * o.columns * o.deviceWidth) / 8 / 2 ** 20;
  const channelMiB = o.ranks * (o.busWidth / o.deviceWidth) * devMiB;
  const lines = [
    `; ${s.name} exported by asapsim (${s.description})`,
    '[dram_structure]',
    `protocol = ${foreignProtocol(s.standard)}`,
    ...(foreignProtocol(s.standard) !== s.standard ? [`standard = ${s.standard}`] : []),
    `bankgroups = ${o.bankGroups}`,
    `banks_per_group = ${o.banksPerGroup}`,
    `rows = ${o.rows}`,
    `columns = ${isHbm(s.standard) ? o.columns / 2 : o.columns}`,
    `device_width = ${o.deviceWidth}`,
    `BL = ${o.burstLength}`,
    ...(isHbm(s.standard) ? [`hbm_dual_cmd = ${o.commandBuses === 'row-column'}`] : []),
    ...((o.pseudoChannels ?? 1) > 1 ? [`pseudo_channels = ${o.pseudoChannels}`] : []),
    '',
    '[timing]',
    `tCK = ${s.tCK_ns}`,
    'AL = 0',
    `CL = ${t.CL}`,
    `CWL = ${t.CWL}`,
    `tRCD = ${t.RCD}`,
    ...(t.RCDWR !== t.RCD ? [`tRCDRD = ${t.RCD}`, `tRCDWR = ${t.RCDWR}`] : []),
    `tRP = ${t.RP}`,
    ...(t.RPab !== t.RP ? [`tRPab = ${t.RPab}`] : []),
    `tRAS = ${t.RAS}`,
    `tRC = ${t.RC}`,
    `tRFC = ${t.RFC}`,
    ...(t.RFCpb > 0 ? [`tRFCb = ${t.RFCpb}`] : []),
    `tREFI = ${t.REFI}`,
    `tRRD_S = ${t.RRD_S}`,
    `tRRD_L = ${t.RRD_L}`,
    `tWTR_S = ${t.WTR_S}`,
    `tWTR_L = ${t.WTR_L}`,
    `tFAW = ${t.FAW}`,
    `tWR = ${t.WR}`,
    `tRTP = ${t.RTP}`,
    `tCCD_S = ${t.CCD_S}`,
    `tCCD_L = ${t.CCD_L}`,
    `tRTRS = ${t.RTRS}`,
    ...(t.PPD > 0 ? [`tPPD = ${t.PPD}`] : []),
    '',
    '[power]',
    `VDD = ${p.vdd}`,
    `IDD0 = ${p.idd0}`,
    `IDD2N = ${p.idd2n}`,
    `IDD3N = ${p.idd3n}`,
    `IDD4W = ${p.idd4w}`,
    `IDD4R = ${p.idd4r}`,
    `IDD5AB = ${p.idd5b}`,
    '',
    '[system]',
    `channel_size = ${channelMiB}`,
    `channels = ${o.channels}`,
    `bus_width = ${o.busWidth}`,
    `address_mapping = ${dramsim3Mapping(s.ctrl.mapping)}`,
    `row_buf_policy = ${s.ctrl.pagePolicy === 'open' ? 'OPEN_PAGE' : 'CLOSE_PAGE'}`,
    `refresh_policy = ${s.ctrl.refresh === 'perbank' ? 'BANK_LEVEL_STAGGERED' : 'RANK_LEVEL_SIMULTANEOUS'}`,
    `trans_queue_size = ${s.ctrl.readQueue}`,
    '',
  ];
  return lines.join('\n');
}
