/**
 * Which province a table comes from, by the places its text names: province names (广东省, 广东),
 * prefecture-level cities (湛江市) and counties (遂溪县), from the GB/T 2260 names in
 * gazetteer-data.ts. A name that exists in two provinces (朝阳区) says nothing and is skipped;
 * cities and counties are matched only with their suffix (湘潭市, 遂溪县), since bare names are
 * often ordinary words (来宾, 大庆, 中山路).
 */
import { GAZETTEER } from './gazetteer-data.ts';

export interface RegionGuess {
  /** As the standard writes it: 广东省, 广西壮族自治区, 北京市. */
  province: string;
  /** The most specific place named (a county or city), when one was. */
  place?: string;
  /** The names found, for people. */
  evidence: string[];
}

interface Entry {
  province: number;
  weight: number;
  level: 'province' | 'city' | 'county';
}

let index: { names: Map<string, Entry>; provinces: string[]; maxLen: number } | undefined;

const PROVINCE_SUFFIX = /(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$/;

function build(): NonNullable<typeof index> {
  const names = new Map<string, Entry | null>();
  const provinces: string[] = [];
  const add = (name: string, e: Entry) => {
    if (name.length < 2) return;
    const prev = names.get(name);
    if (prev === undefined) names.set(name, e);
    else if (prev && prev.province !== e.province) names.set(name, null); // in two provinces: says nothing
    else if (prev && e.weight > prev.weight) names.set(name, e);
  };
  GAZETTEER.forEach((line, p) => {
    const [province, cities, counties] = line.split('|') as [string, string, string];
    provinces.push(province);
    add(province, { province: p, weight: 3, level: 'province' });
    add(province.replace(PROVINCE_SUFFIX, ''), { province: p, weight: 3, level: 'province' });
    for (const c of cities ? cities.split(',') : []) add(c, { province: p, weight: 2, level: 'city' });
    for (const c of counties ? counties.split(',') : []) add(c, { province: p, weight: 1, level: 'county' });
  });
  const clean = new Map<string, Entry>();
  let maxLen = 0;
  for (const [k, v] of names) {
    if (!v) continue;
    clean.set(k, v);
    maxLen = Math.max(maxLen, k.length);
  }
  return { names: clean, provinces, maxLen };
}

/** The province the text names most (weighted: province 3, city 2, county 1), or undefined. */
export function recogniseRegion(text: string): RegionGuess | undefined {
  index ??= build();
  const { names, provinces, maxLen } = index;
  const score = new Map<number, number>();
  const found = new Map<number, Array<{ name: string; level: Entry['level'] }>>();
  const t = text.replace(/\s+/g, '');
  for (let i = 0; i < t.length; ) {
    let hit: { name: string; e: Entry } | undefined;
    // Longest name first: 岳阳楼区 before 岳阳.
    for (let len = Math.min(maxLen, t.length - i); len >= 2; len--) {
      const name = t.slice(i, i + len);
      const e = names.get(name);
      if (e) {
        hit = { name, e };
        break;
      }
    }
    if (!hit) {
      i++;
      continue;
    }
    score.set(hit.e.province, (score.get(hit.e.province) ?? 0) + hit.e.weight);
    const list = found.get(hit.e.province) ?? [];
    if (!list.some((x) => x.name === hit!.name)) list.push({ name: hit.name, level: hit.e.level });
    found.set(hit.e.province, list);
    i += hit.name.length;
  }
  let best: number | undefined;
  for (const [p, s] of score) if (best === undefined || s > score.get(best)!) best = p;
  if (best === undefined) return undefined;
  const list = found.get(best)!;
  const place = list.find((x) => x.level === 'county') ?? list.find((x) => x.level === 'city');
  const guess: RegionGuess = { province: provinces[best]!, evidence: list.map((x) => x.name) };
  if (place) guess.place = place.name;
  return guess;
}
