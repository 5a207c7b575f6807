/**
 * How the region's figures are named: 全县, 全市 (a prefecture, or a county-level city such as
 * 廉江市), 全区, 全省 — the last character of the name when it is one of these, else the level
 * chosen at first run.
 */
import type { Region } from './api.ts';

const BY_NAME: Record<string, [string, string]> = {
  县: ['全县', 'county'],
  市: ['全市', 'city'],
  区: ['全区', 'district'],
  旗: ['全旗', 'banner'],
  省: ['全省', 'province'],
};
const BY_LEVEL: Record<Region['level'], [string, string]> = { county: ['全县', 'county'], city: ['全市', 'city'], province: ['全省', 'province'] };

/** [zh, en] for the whole region, e.g. ['全市', 'city']. */
export function regionWhole(region: Region | undefined): [string, string] {
  if (!region) return ['全地区', 'region'];
  return BY_NAME[region.name.trim().slice(-1)] ?? BY_LEVEL[region.level] ?? ['全地区', 'region'];
}
