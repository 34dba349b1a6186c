/**
 * The synthetic people of the district, generated community by community so
 * that even the 1.27-million-resident data set never sits in memory at once.
 * Everything is drawn from seeded generators and dated relative to an anchor
 * instant: the same size and anchor always give the same rows.
 */
import type { HouseholdRow, ResidencyRow, ResidentRow, ResidentTagRow } from '../subgraphs/population/db.js';
import { withCheckCharacter } from '../subgraphs/population/resident/identity.js';
import { addressBook, type Community } from './regions.js';
import { Random } from './random.js';

type ResidencyType = ResidencyRow['residencyType'];

export interface PopulationPlan {
  /** Seeds the generators, so that each size is a different set of people. */
  name: string;
  residents: number;
  communities: readonly Community[];
  /** Every timestamp is at or before it. */
  anchor: Date;
}

/** The rows of one community, each table's rows in id order. */
export interface CommunityPopulation {
  community: Community;
  households: HouseholdRow[];
  residents: ResidentRow[];
  residencies: ResidencyRow[];
  residentTags: ResidentTagRow[];
}

const DAY = 86_400_000;
const YEAR = 365.2425 * DAY;
/** Asia/Shanghai has had no daylight saving since 1991: calendar days are UTC+8. */
const SHANGHAI_OFFSET = 8 * 3_600_000;

// Shanghai-suburb age pyramid: ~15% under 18 (the household rule below trims
// it to ~14%), ~25% aged 60+, ~5% aged 80+. [first age, last age, weight]
const AGE_BANDS: readonly (readonly [number, number, number])[] = [
  [0, 4, 3.6], [5, 9, 4.6], [10, 14, 4.3], [15, 17, 2.5],
  [18, 29, 13.5], [30, 39, 16.5], [40, 49, 13.5], [50, 59, 16.5],
  [60, 69, 12.5], [70, 79, 7.5], [80, 89, 4.2], [90, 99, 0.8],
];
const AGE_WEIGHTS = AGE_BANDS.map(([, , weight]) => weight);

/** Members per household, 1–6, averaging ~2.8 (Shanghai census). */
const HOUSEHOLD_SIZE_WEIGHTS = [18, 30, 25, 14, 8, 5];

const RESIDENCY_TYPES: readonly ResidencyType[] = ['REGISTERED', 'FLOATING', 'OVERSEAS'];
const RESIDENCY_TYPE_WEIGHTS = [55, 43, 2];
/** The residency type before a change of type: registering here is the usual change. */
const PREVIOUS_TYPE: Readonly<Record<ResidencyType, ResidencyType>> = { REGISTERED: 'FLOATING', FLOATING: 'REGISTERED', OVERSEAS: 'FLOATING' };

// Identity-number area codes (first 6 digits). Qingpu was a county (310229)
// until 1999, so locals born before 2000 carry the old code.
const QINGPU_DISTRICT = '310118';
const QINGPU_COUNTY = '310229';
const OTHER_SHANGHAI = ['310101', '310104', '310105', '310107', '310110', '310112', '310115'];
/** Home counties of the floating population: mostly the neighbouring and inland provinces. */
const PROVINCES = [
  '340121', '341221', '340822', '341125', '320321', '321323', '320882', '411522', '412726', '410526',
  '510722', '511623', '513030', '420117', '421127', '360722', '362331', '330522', '330381', '430524',
  '431021', '370826', '371526', '500228', '500235', '450881', '522422', '530381', '610527', '230183',
];
/** Hong Kong, Macao and Taiwan residence permits follow GB 11643 with these codes. */
const OVERSEAS_AREAS = ['810000', '820000', '830000'];
const AREA_CODES = [QINGPU_DISTRICT, QINGPU_COUNTY, ...OTHER_SHANGHAI, ...PROVINCES, ...OVERSEAS_AREAS];
const AREA_INDEX = new Map(AREA_CODES.map((code, index) => [code, index]));

const SURNAMES = [
  'Zhang', 'Wang', 'Li', 'Chen', 'Zhou', 'Xu', 'Zhu', 'Shen', 'Lu', 'Gu', 'Huang', 'Wu', 'Sun', 'Jiang', 'Yang',
  'Liu', 'Ma', 'Hu', 'Qian', 'Cao', 'Yao', 'Jin', 'Fan', 'Tang', 'Gao', 'Lin', 'He', 'Guo', 'Zhao', 'Cai', 'Pan',
  'Xie', 'Song', 'Yu', 'Dong', 'Ye', 'Feng', 'Xia', 'Ni', 'Tao', 'Wei', 'Ding', 'Shi', 'Fei', 'Luo', 'Zheng',
];
// Popular given names changed a lot between generations; drawing by birth
// year keeps "Guilan" among the grandmothers and "Zihan" among the children.
const GIVEN_NAMES = {
  MALE: [
    ['Jianguo', 'Guoqiang', 'Jianhua', 'Weiguo', 'Zhiming', 'Guoliang', 'Xuelin', 'Genbao', 'Defu', 'Yongqing', 'Jinfa', 'Shunfa'],
    ['Wei', 'Qiang', 'Lei', 'Jun', 'Yong', 'Jie', 'Tao', 'Ming', 'Bin', 'Gang', 'Jian', 'Peng', 'Chao', 'Haitao', 'Xiaodong', 'Zhiqiang', 'Jianjun'],
    ['Haoran', 'Yuxuan', 'Zihao', 'Junjie', 'Yichen', 'Hao', 'Yuhang', 'Zimo', 'Yifan', 'Jiahao', 'Mingxuan', 'Tianyu', 'Haoyu'],
  ],
  FEMALE: [
    ['Guilan', 'Xiuying', 'Yuying', 'Fengying', 'Guizhen', 'Xiuzhen', 'Meifang', 'Yumei', 'Cuiying', 'Jinmei', 'Suzhen', 'Lanying'],
    ['Fang', 'Na', 'Min', 'Jing', 'Li', 'Yan', 'Juan', 'Xia', 'Ying', 'Hong', 'Ping', 'Lili', 'Xiaoyan', 'Yanping', 'Lihua', 'Hongmei', 'Jingjing'],
    ['Zihan', 'Yutong', 'Xinyi', 'Yuxi', 'Shiyu', 'Yihan', 'Ruoxi', 'Xinyue', 'Yiran', 'Kexin', 'Mengqi', 'Jiaxin', 'Siqi'],
  ],
} as const;

const PHONE_PREFIXES = [
  '130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '153', '155', '156', '157',
  '158', '159', '166', '176', '177', '180', '181', '182', '183', '186', '187', '188', '189', '198', '199',
];

type TagCode = ResidentTagRow['tagCode'];

interface Person {
  age: number;
  gender: ResidentRow['gender'];
  householdSize: number;
}

interface TagRule {
  code: TagCode;
  /** Chance that a current resident has the tag. */
  probability(person: Person, tagged: ReadonlyMap<TagCode, number>): number;
  reasons: readonly string[];
  untagReason: string;
}

// Frequencies from the brief: 6% of the 60+ live alone (the 60+ in one-person
// households are ~7.5%), 1.5% of the 75+ bedridden, and so on. Order matters:
// exemption depends on being bedridden.
const TAG_RULES: readonly TagRule[] = [
  {
    code: 'ELDERLY_LIVING_ALONE',
    probability: (p) => (p.age >= 60 && p.householdSize === 1 ? 0.8 : 0),
    reasons: ['Lives alone; children live in the city centre.', 'Widowed and lives alone; weekly visits arranged.'],
    untagReason: 'Moved in with family.',
  },
  {
    code: 'BEDRIDDEN',
    probability: (p) => (p.age >= 75 ? 0.015 : 0),
    reasons: ['Bedridden after a stroke; a family member cares for them at home.', 'Cannot walk; reported by the family doctor.'],
    untagReason: 'Walks again after rehabilitation.',
  },
  {
    code: 'DIALYSIS',
    probability: (p) => (p.age >= 18 ? 0.0012 : 0),
    reasons: ['Haemodialysis three times a week at the district central hospital.'],
    untagReason: 'Received a kidney transplant.',
  },
  {
    code: 'PREGNANT',
    probability: (p) => (p.gender === 'FEMALE' && p.age >= 20 && p.age <= 40 ? 0.015 : 0),
    reasons: ['Pregnant; prenatal check-ups at the community health centre.'],
    untagReason: 'Gave birth.',
  },
  {
    code: 'DISABLED',
    probability: () => 0.02,
    reasons: ['Holds a physical disability certificate.', 'Holds a visual disability certificate.', 'Holds a hearing disability certificate.', 'Holds an intellectual disability certificate.'],
    untagReason: 'Certificate re-assessed and withdrawn.',
  },
  {
    code: 'KEY_INDUSTRY_WORKER',
    probability: (p) => (p.age >= 20 && p.age < 60 ? 0.08 : 0),
    reasons: ['Works in cold-chain logistics.', 'Works at a hospital.', 'Delivery rider.', 'Works at a water or power utility.', 'Works at a port or airport.'],
    untagReason: 'Changed jobs.',
  },
  {
    code: 'RETURNED_FROM_RISK_AREA',
    probability: () => 0.01,
    reasons: ['Returned from a medium-risk area; follow-up started.', 'Returned from a high-risk area; follow-up started.'],
    untagReason: 'Follow-up completed.',
  },
  {
    code: 'EXEMPT_FROM_TESTING',
    probability: (_, tagged) => (tagged.has('BEDRIDDEN') ? 0.85 : 0.005),
    reasons: ['Bedridden: sampled at home only when required.', 'Exempted on medical advice.'],
    untagReason: 'Exemption reviewed and withdrawn.',
  },
];

/** Ids continue across communities: rows are loaded with explicit ids 1..n. */
interface Counters {
  household: number;
  resident: number;
  residency: number;
  residentTag: number;
}

/** Where a period was spent: a household, in its community at its address. */
type Home = Pick<HouseholdRow, 'id' | 'communityCode' | 'address'>;

export function* generatePopulation(plan: PopulationPlan): Generator<CommunityPopulation> {
  const calendar = new Calendar(plan.anchor);
  const identities = new IdentitySequences(calendar.firstDay, calendar.today);
  const counters: Counters = { household: 0, resident: 0, residency: 0, residentTag: 0 };
  // Residents who moved within the district come from the previous community's
  // households (usually a neighbouring one), so no household collects a crowd of former residents.
  let formerHomes: readonly Home[] = [];
  const targets = apportion(plan.residents, plan.communities.map((c) => c.weight));
  for (const [index, community] of plan.communities.entries()) {
    const random = new Random(`${plan.name}:${community.code}`);
    const generator = new CommunityGenerator(community, random, calendar, identities, counters, formerHomes);
    const population = generator.generate(targets[index]!);
    formerHomes = population.households;
    yield population;
  }
}

/** Splits `total` in proportion to `weights` (largest remainder), summing exactly to `total`. */
function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const shares = exact.map(Math.floor);
  let missing = total - shares.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of byRemainder) {
    if (missing-- <= 0) break;
    shares[i]!++;
  }
  return shares;
}

/** The oldest age drawn: how far back birth days go. */
const MAX_AGE = AGE_BANDS.at(-1)![1];

/** Instants as epoch milliseconds and calendar days (Asia/Shanghai) as day numbers since 1970-01-01. */
class Calendar {
  readonly now: number;
  readonly today: number;
  /** The earliest birth day that can be drawn. */
  readonly firstDay: number;
  private readonly year: number;
  private readonly month: number;
  private readonly day: number;
  /** 'YYYY-MM-DD' by day - firstDay: a million Date objects per table cost more than 37,000 strings. */
  private readonly dates: string[] = [];

  constructor(anchor: Date) {
    this.now = anchor.getTime();
    this.today = Math.floor((this.now + SHANGHAI_OFFSET) / DAY);
    const local = new Date(this.today * DAY);
    [this.year, this.month, this.day] = [local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()];
    this.firstDay = this.anniversary(MAX_AGE + 1);
  }

  /**
   * A birth day of someone exactly `age` (completed years) today: after the
   * (age + 1)th anniversary, at or before the age-th. Never today itself, so
   * registration can follow it.
   */
  birthDay(age: number, random: Random): number {
    return random.int(this.anniversary(age + 1) + 1, Math.min(this.anniversary(age), this.today - 1));
  }

  /** 'YYYY-MM-DD' of a day. */
  date(day: number): string {
    return (this.dates[day - this.firstDay] ??= new Date(day * DAY).toISOString().slice(0, 10));
  }

  /** Start of a Shanghai calendar day, as an instant. */
  startOf(day: number): number {
    return day * DAY - SHANGHAI_OFFSET;
  }

  /** The day `years` years before today; 28 February when today is the 29th and that year has none. */
  private anniversary(years: number): number {
    const day = Math.floor(Date.UTC(this.year - years, this.month, this.day) / DAY);
    return new Date(day * DAY).getUTCMonth() === this.month ? day : day - 1;
  }
}

/**
 * Hands out digits 15–17 of identity numbers: a counter per (area, birth day,
 * gender) makes numbers unique by construction, without remembering them all.
 * The counters start at a scrambled offset so sequence codes do not all read 001.
 */
class IdentitySequences {
  private static readonly SLOTS = 499; // odd codes 001–997 for men, even 002–998 for women
  private readonly counts: Uint16Array;

  constructor(
    private readonly firstDay: number,
    lastDay: number,
  ) {
    this.counts = new Uint16Array(AREA_CODES.length * (lastDay - firstDay + 1) * 2);
  }

  next(area: string, birthDay: number, gender: ResidentRow['gender']): string {
    const key = ((birthDay - this.firstDay) * AREA_CODES.length + AREA_INDEX.get(area)!) * 2 + (gender === 'MALE' ? 1 : 0);
    const count = this.counts[key]!;
    if (count === IdentitySequences.SLOTS) throw new Error(`No identity sequence codes left for area ${area} and birth day ${birthDay}`);
    this.counts[key] = count + 1;
    const slot = ((Math.imul(key, 0x9e3779b1) >>> 0) + count) % IdentitySequences.SLOTS;
    return String(gender === 'MALE' ? slot * 2 + 1 : slot * 2 + 2).padStart(3, '0');
  }
}

interface HouseholdPlan {
  row: HouseholdRow;
  type: ResidencyType;
  size: number;
  movedIn: number;
  surname: string;
  /** The first member's phone, shared by the household's children. */
  phone: string;
}

const descending = (a: number, b: number) => b - a;

class CommunityGenerator {
  private readonly nextAddress: () => string;
  private readonly worker: string;
  private readonly population: CommunityPopulation;

  constructor(
    private readonly community: Community,
    private readonly random: Random,
    private readonly calendar: Calendar,
    private readonly identities: IdentitySequences,
    private readonly ids: Counters,
    private readonly formerHomes: readonly Home[],
  ) {
    this.nextAddress = addressBook(community, random);
    this.worker = `worker-${community.code}`;
    this.population = { community, households: [], residents: [], residencies: [], residentTags: [] };
  }

  generate(residents: number): CommunityPopulation {
    let remaining = residents;
    while (remaining > 0) {
      const size = Math.min(1 + this.random.weighted(HOUSEHOLD_SIZE_WEIGHTS), remaining);
      this.household(size);
      remaining -= size;
    }
    return this.population;
  }

  private household(size: number): void {
    const random = this.random;
    const row: HouseholdRow = { id: ++this.ids.household, communityCode: this.community.code, address: this.nextAddress() };
    this.population.households.push(row);
    const ages: number[] = [];
    for (let i = 0; i < size; i++) ages.push(this.age());
    ages.sort(descending); // oldest first: the first member's phone is an adult's
    // Nobody under 18 is a household on their own.
    if (ages[0]! < 18) ages[0] = this.age(true);
    const household: HouseholdPlan = {
      row,
      size,
      type: RESIDENCY_TYPES[random.weighted(RESIDENCY_TYPE_WEIGHTS)]!,
      movedIn: Math.floor(this.calendar.now - (1 + 29 * random.next()) * YEAR),
      surname: random.pick(SURNAMES),
      phone: this.phone(),
    };
    for (const [index, age] of ages.entries()) this.resident(household, age, index === 0);
  }

  private resident(household: HouseholdPlan, age: number, first: boolean): void {
    const random = this.random;
    const calendar = this.calendar;
    const birthDay = calendar.birthDay(age, random);
    const birthDate = calendar.date(birthDay);
    const birthYear = Number(birthDate.slice(0, 4));
    // Women outlive men, so the oldest are mostly women.
    const gender = random.chance(age >= 80 ? 0.6 : 0.5) ? 'FEMALE' : 'MALE';
    const area = this.areaCode(household.type, birthYear);
    const idNumber = withCheckCharacter(area + birthDate.replaceAll('-', '') + this.identities.next(area, birthDay, gender));
    const generation = birthYear < 1965 ? 0 : birthYear < 1995 ? 1 : 2;
    // Spouses keep their own surname; children mostly take the household's.
    const surname = first || random.chance(0.6) ? household.surname : random.pick(SURNAMES);
    const id = ++this.ids.resident;

    // A newborn is registered within 45 days of birth: no period starts earlier.
    const registrable = Math.min(this.between(calendar.startOf(birthDay) + DAY, calendar.startOf(birthDay) + 45 * DAY), calendar.now);
    const periods = this.periods(household, id, Math.max(household.movedIn, registrable), registrable);
    this.population.residents.push({
      id,
      name: `${surname} ${random.pick(GIVEN_NAMES[gender][generation])}`,
      gender,
      birthDate,
      idNumber,
      phone: first || age < 16 ? household.phone : this.phone(),
      createdAt: periods[0]!.startedAt,
    });

    const current = periods.at(-1)!;
    if (current.endedAt === null) this.tags(id, { age, gender, householdSize: household.size }, current.startedAt.getTime());
  }

  /**
   * Adds the resident's residency periods, oldest first, and returns them.
   * Most have one open period from `start`; 3% moved out in the last two
   * years; 2% had an earlier period, in another community or with another
   * residency type, ending exactly when the current one starts.
   */
  private periods(household: HouseholdPlan, residentId: number, start: number, registrable: number): ResidencyRow[] {
    const random = this.random;
    const now = this.calendar.now;
    const home = household.row;
    const roll = random.next();
    if (roll < 0.03) {
      const movedOut = this.between(Math.max(start, now - 2 * YEAR), now);
      return [this.period(residentId, home, household.type, start, movedOut, 'MOVED_OUT')];
    }
    if (roll < 0.04 && this.formerHomes.length > 0 && start - registrable > 30 * DAY) {
      const before = this.between(Math.max(registrable, start - 15 * YEAR), start);
      return [
        this.period(residentId, random.pick(this.formerHomes), household.type, before, start, 'CHANGED'),
        this.period(residentId, home, household.type, start, null, null),
      ];
    }
    if (roll < 0.05) {
      // Gained (or moved away) household registration while living at the same address.
      const changed = this.between(start, now);
      return [
        this.period(residentId, home, PREVIOUS_TYPE[household.type], start, changed, 'CHANGED'),
        this.period(residentId, home, household.type, changed, null, null),
      ];
    }
    return [this.period(residentId, home, household.type, start, null, null)];
  }

  private period(residentId: number, home: Home, type: ResidencyType, from: number, to: number | null, endReason: string | null): ResidencyRow {
    const row: ResidencyRow = {
      id: ++this.ids.residency,
      residentId,
      communityCode: home.communityCode,
      householdId: home.id,
      address: home.address,
      residencyType: type,
      startedAt: new Date(from),
      endedAt: to === null ? null : new Date(to),
      endReason,
      statedStartedAt: null,
      statedEndedAt: null,
    };
    this.population.residencies.push(row);
    return row;
  }

  /** Tags of a current resident, set by the community's worker within the last year (and after moving in). */
  private tags(residentId: number, person: Person, currentStart: number): void {
    const random = this.random;
    const now = this.calendar.now;
    const tagged = new Map<TagCode, number>();
    for (const rule of TAG_RULES) {
      if (!random.chance(rule.probability(person, tagged))) continue;
      // An exemption because of being bedridden follows the bedridden tag.
      const earliest = Math.max(currentStart, now - 365 * DAY, rule.code === 'EXEMPT_FROM_TESTING' ? (tagged.get('BEDRIDDEN') ?? 0) : 0);
      const taggedAt = this.between(earliest, now);
      tagged.set(rule.code, taggedAt);
      const ended = random.chance(0.1);
      this.population.residentTags.push({
        id: ++this.ids.residentTag,
        residentId,
        tagCode: rule.code,
        taggedAt: new Date(taggedAt),
        taggedBy: this.worker,
        reason: random.pick(rule.reasons),
        untaggedAt: ended ? new Date(this.between(taggedAt, now)) : null,
        untaggedBy: ended ? this.worker : null,
        untagReason: ended ? rule.untagReason : null,
      });
    }
  }

  /** An age in years drawn from the pyramid (adults only when asked). */
  private age(adult = false): number {
    for (;;) {
      const [first, last] = AGE_BANDS[this.random.weighted(AGE_WEIGHTS)]!;
      if (!adult || first >= 18) return this.random.int(first, last);
    }
  }

  private areaCode(type: ResidencyType, birthYear: number): string {
    const random = this.random;
    if (type === 'OVERSEAS') return random.pick(OVERSEAS_AREAS);
    if (type === 'FLOATING') return random.pick(PROVINCES);
    if (random.chance(0.1)) return random.pick(OTHER_SHANGHAI); // registration moved here from elsewhere in Shanghai
    return birthYear < 2000 ? QINGPU_COUNTY : QINGPU_DISTRICT;
  }

  private phone(): string {
    return this.random.pick(PHONE_PREFIXES) + String(this.random.int(0, 99_999_999)).padStart(8, '0');
  }

  /** An instant drawn uniformly from [from, to], in whole milliseconds like a Date. */
  private between(from: number, to: number): number {
    return Math.floor(from + (to - from) * this.random.next());
  }
}
