/**
 * The places of the synthetic data: Qingpu's administrative tree (district →
 * 3 subdistricts and 8 towns → ~300 communities) and the household addresses
 * inside each community. The tree is the same for every data-set size so that
 * region codes in tests, demos and benchmarks mean the same place.
 */
import type { RegionRow } from '../subgraphs/population/db.js';
import { Random } from './random.js';

export type Region = RegionRow;

export interface Community extends Region {
  /** Residential committees are built-up estates; villages are rural. */
  kind: 'RESIDENTIAL' | 'VILLAGE';
  /** Relative population: residents are spread over communities in proportion to it. */
  weight: number;
}

const DISTRICT: Region = { code: '310118', name: 'Qingpu District', level: 'DISTRICT', parentCode: null };

interface TownPlan {
  code: string;
  name: string;
  subdistrict: boolean;
  residential: number;
  villages: number;
}

// Subdistricts are the urban core (mostly residential committees, few villages);
// towns are rural around a small built-up centre. 303 communities in all.
const TOWNS: readonly TownPlan[] = [
  { code: '310118001', name: 'Xiayang Subdistrict', subdistrict: true, residential: 34, villages: 4 },
  { code: '310118002', name: 'Yingpu Subdistrict', subdistrict: true, residential: 26, villages: 3 },
  { code: '310118003', name: 'Xianghuaqiao Subdistrict', subdistrict: true, residential: 18, villages: 14 },
  { code: '310118101', name: 'Zhujiajiao Town', subdistrict: false, residential: 16, villages: 24 },
  { code: '310118102', name: 'Liantang Town', subdistrict: false, residential: 6, villages: 22 },
  { code: '310118103', name: 'Jinze Town', subdistrict: false, residential: 6, villages: 20 },
  { code: '310118104', name: 'Zhaoxiang Town', subdistrict: false, residential: 12, villages: 10 },
  { code: '310118105', name: 'Xujing Town', subdistrict: false, residential: 18, villages: 8 },
  { code: '310118106', name: 'Huaxin Town', subdistrict: false, residential: 12, villages: 16 },
  { code: '310118107', name: 'Chonggu Town', subdistrict: false, residential: 4, villages: 10 },
  { code: '310118108', name: 'Baihe Town', subdistrict: false, residential: 8, villages: 12 },
];

/** Named in the domain description (and used by tests and demos), so it must exist verbatim. */
const FIXED_COMMUNITIES: Readonly<Record<string, string>> = { '310118104': 'Xiangjia' };

const SYLLABLES = [
  'an', 'bai', 'bei', 'chang', 'dong', 'feng', 'fu', 'he', 'hong', 'hua', 'hui', 'jia', 'jin', 'kang', 'le',
  'lian', 'lin', 'long', 'mei', 'min', 'nan', 'ping', 'qiao', 'qing', 'sheng', 'shui', 'song', 'tai', 'tang',
  'tian', 'wan', 'xi', 'xiang', 'xin', 'yang', 'ying', 'yuan', 'yun', 'ze', 'zhu',
];

/** Builds the whole tree. Uses its own fixed seed: the tree never depends on the data-set size. */
export function qingpuRegions(): { regions: Region[]; communities: Community[] } {
  const random = new Random('qingpu-regions');
  const usedNames = new Set(Object.values(FIXED_COMMUNITIES));
  const uniqueName = (): string => {
    for (;;) {
      const first = random.pick(SYLLABLES);
      const second = random.pick(SYLLABLES);
      const name = first[0]!.toUpperCase() + first.slice(1) + second;
      if (first !== second && !usedNames.has(name)) {
        usedNames.add(name);
        return name;
      }
    }
  };

  const regions: Region[] = [DISTRICT];
  const communities: Community[] = [];
  for (const town of TOWNS) {
    regions.push({ code: town.code, name: town.name, level: 'TOWN', parentCode: DISTRICT.code });
    // Chinese village-level codes: 001–199 for residential committees, 200–399 for villages.
    for (let i = 0; i < town.residential; i++) {
      const name = (i === 0 && FIXED_COMMUNITIES[town.code]) || uniqueName();
      const weight = town.subdistrict ? 1.6 + 1.8 * random.next() : 1 + 1.4 * random.next();
      communities.push(community(town, 1 + i, `${name} Residential Community`, 'RESIDENTIAL', weight));
    }
    for (let i = 0; i < town.villages; i++) {
      communities.push(community(town, 201 + i, `${uniqueName()} Village`, 'VILLAGE', 0.35 + 0.75 * random.next()));
    }
  }
  return { regions: [...regions, ...communities.map(({ code, name, level, parentCode }) => ({ code, name, level, parentCode }))], communities };
}

function community(town: TownPlan, number: number, name: string, kind: Community['kind'], weight: number): Community {
  const code = town.code + String(number).padStart(3, '0');
  return { code, name, level: 'COMMUNITY', parentCode: town.code, kind, weight };
}

const STREETS = [
  'Gongyuan Road', 'Chengzhong Road', 'Qingsong Road', 'Yingzhu Road', 'Huqingping Highway', 'Waiqingsong Highway',
  'Beiqing Highway', 'Qinghu Road', 'Ximen Road', 'Qingxi Road', 'Huaqing Road', 'Zhuguang Road', 'Chonghua Road',
  'Huazhi Road', 'Panlong Road', 'Jinghui Road', 'Xiayang Road', 'Yingxiang Road', 'Songze Avenue',
  'Dianshan Lake Avenue', 'Huaxiang Road', 'Xiangmin Road', 'Yuanyi Road', 'Xujing Road', 'Zhaochong Road',
  'Jinshang Road', 'Lianmin Road', 'Baihe Street', 'Chongnan Road', 'Xinhua Road',
];

/**
 * Addresses of a community's households, in walking order. Units are visited
 * one after another and some are skipped as vacant, so addresses are unique
 * by construction and neighbours get consecutive household ids.
 */
export function addressBook(community: Community, random: Random): () => string {
  return community.kind === 'RESIDENTIAL' ? estateAddresses(random) : villageAddresses(community.name, random);
}

function estateAddresses(random: Random): () => string {
  let street = '';
  let lane = 0;
  let buildings = 0;
  let floors = 0;
  let roomsPerFloor = 0;
  let building = 0;
  let unit = 0; // index of the next unit in the current building
  const newLane = () => {
    street = random.pick(STREETS);
    lane += random.int(1, 600); // lane numbers grow, so lanes of one community never repeat
    buildings = random.int(12, 60);
    building = 0;
  };
  const newBuilding = () => {
    if (building === buildings) newLane();
    building++;
    floors = random.pick([6, 6, 6, 11, 18]); // older walk-ups outnumber high-rises in the suburbs
    roomsPerFloor = random.int(2, 4);
    unit = 0;
  };
  newLane();
  newBuilding();
  return () => {
    for (;;) {
      if (unit === floors * roomsPerFloor) newBuilding();
      const floor = 1 + Math.floor(unit / roomsPerFloor);
      const room = 1 + (unit % roomsPerFloor);
      unit++;
      if (random.chance(0.8)) return `Building ${building}, Room ${floor}${String(room).padStart(2, '0')}, ${street} Lane ${lane}`;
    }
  };
}

function villageAddresses(village: string, random: Random): () => string {
  let group = 1;
  let houses = random.int(30, 90);
  let house = 0;
  return () => {
    for (;;) {
      if (house === houses) {
        group++;
        houses = random.int(30, 90);
        house = 0;
      }
      house++;
      if (random.chance(0.85)) return `No. ${house}, Group ${group}, ${village}`;
    }
  };
}
