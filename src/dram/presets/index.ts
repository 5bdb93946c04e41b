// Loads every preset so each registers under its name.
import './ddr3-1600.ts';
import './ddr4-2400-x8.ts';
import './ddr4-2400-x16.ts';
import './ddr4-3200-x8.ts';
import './ddr4-3200-x16.ts';
import './lpddr4-3200.ts';
import './lpddr5-6400.ts';
import './lpddr5x-8533.ts';
import './ddr5-4800.ts';
import './gddr6-14gbps.ts';
import './hbm2.ts';
import './hbm2-pc.ts';
import './hbm2e.ts';
import './hbm3.ts';

export { findPreset, allPresets, registerPreset } from './registry.ts';
