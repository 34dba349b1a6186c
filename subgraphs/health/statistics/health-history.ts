/**
 * The health subgraph's fact history (shared/snapshot/statistics-history.ts):
 * every per-resident fact that can matter at an instant ≥ `since`, in memory
 * as typed arrays (health-history-block.ts), so the health indexes at a past
 * instant T within the window come from HealthIndexColumns filled with each
 * resident's facts at T (health-facts-at.ts) instead of from SQL: the same
 * columns, the same rules, the same values and lists.
 *
 * Kept exact as writes come (fact_changes): the residents they touched are
 * read again into a new block, which replaces their rows in older blocks.
 * Venue exposures depend on other residents' positives and scans, not only on
 * the resident's own facts, so they are read again whole at each reload (one
 * short statement: they are few). When re-read residents add up to a sizeable
 * share of the district, the history is read whole again, from a `since` that
 * has moved on with the window (instants before it are no longer asked).
 */
import type { Db } from '../../shared/db/database.js';
import { CommunityIndex } from '../../shared/snapshot/region-sums.js';
import type { HistorySource } from '../../shared/snapshot/statistics-history.js';
import type { HealthRules } from '../health-code/rules.js';
import { blockBytes, HistoryBlockBuilder, rowInBlock, type HistoryBlock } from './health-history-block.js';
import { HistoryReader, RARE_FACTS, readExposures, type ExposureRows, type HistoryResidents, type RareKind } from './health-history.queries.js';
import { exposuresAt, FactsAt } from './health-facts-at.js';
import { HealthIndexColumns } from './health-indexes.js';

const DAY = 24 * 3600_000;
/** Residents read again (in later blocks) beyond this share of the first block: read everything again instead. */
const MAX_REREAD_SHARE = 0.05;
const MIN_REREAD = 10_000;

/** The history as the health subgraph's statistics use it (createHealthStatistics). */
export function healthHistorySource(rules: HealthRules, days: number): HistorySource<HealthHistory, HealthIndexColumns> {
  return {
    schema: 'health',
    load: (tx, since) => HealthHistory.load(tx, since.getTime(), days),
    reload: (tx, history, residentIds) => history.reload(tx, residentIds),
    columnsAt: (history, regionCodes, at) => history.columnsAt(regionCodes, at, rules),
  };
}

/** Reads a block, a table at a time, each consumed before the next is read. */
async function readBlock(tx: Db, residents: HistoryResidents, since: number, communities: CommunityIndex): Promise<HistoryBlock> {
  const read = new HistoryReader(tx, residents, new Date(since));
  const builder = new HistoryBlockBuilder(await read.people(), await read.periods(), since, communities);
  await read.doses((doses) => builder.addDoses(doses));
  builder.addAbnormalScans(await read.abnormalScans());
  for (const kind of Object.keys(RARE_FACTS) as RareKind[]) builder.addRare(kind, await read.rare(kind));
  await read.samples(true, (residentIds) => builder.countSamples(residentIds));
  await read.samples(false, (samples) => builder.addSamples(samples));
  return builder.build();
}

/** What the history holds: replaced whole when it is read whole again. */
interface HistoryState {
  /** Facts kept are those that can matter at instants ≥ since. */
  since: number;
  communities: CommunityIndex;
  /** The first block (everyone, as loaded), then blocks of residents read again, oldest first. */
  blocks: HistoryBlock[];
  /** The block holding each resident read again since the load. */
  reread: Map<number, HistoryBlock>;
  exposures: ExposureRows;
}

async function readState(tx: Db, since: number): Promise<HistoryState> {
  const communities = new CommunityIndex();
  const first = await readBlock(tx, 'all', since, communities);
  return { since, communities, blocks: [first], reread: new Map(), exposures: await readExposures(tx, new Date(since)) };
}

export class HealthHistory {
  private constructor(
    private readonly days: number,
    private state: HistoryState,
  ) {}

  static async load(tx: Db, since: number, days: number): Promise<HealthHistory> {
    return new HealthHistory(days, await readState(tx, since));
  }

  /** Reads these residents' facts again (writes changed them), and every venue exposure. */
  async reload(tx: Db, residentIds: readonly number[]): Promise<void> {
    const state = this.state;
    const [first, ...later] = state.blocks;
    const rereadRows = later.reduce((sum, block) => sum + block.residentId.length, 0) + residentIds.length;
    if (rereadRows > Math.max(MIN_REREAD, MAX_REREAD_SHARE * first!.residentId.length)) {
      // Instants before the window's start are not asked again: no need to keep their facts. A day's margin: a
      // request that waited for this read checked its instant against the window as it was when it came.
      this.state = await readState(tx, Math.max(state.since, Date.now() - (this.days + 1) * DAY));
      return;
    }
    if (residentIds.length > 0) {
      const block = await readBlock(tx, residentIds, state.since, state.communities);
      for (const id of residentIds) {
        const holder = state.reread.get(id) ?? first!;
        const row = rowInBlock(holder, id);
        if (row >= 0) holder.live[row] = 0;
        state.reread.delete(id);
      }
      block.residentId.forEach((id) => state.reread.set(id, block));
      state.blocks.push(block);
    }
    state.exposures = await readExposures(tx, new Date(state.since));
  }

  /** The columns of the residents living at `at` in any of these regions (codes of any level), at `at` (≥ since). */
  columnsAt(regionCodes: readonly string[], at: Date, rules: HealthRules): HealthIndexColumns {
    const { since, communities, blocks, exposures } = this.state;
    const t = at.getTime();
    if (t < since) throw new RangeError(`the health history holds instants from ${new Date(since).toISOString()}, not ${at.toISOString()}`);
    const inRegions = Uint8Array.from(communities.codes, (code) => (regionCodes.some((region) => code.startsWith(region)) ? 1 : 0));
    const maxResidentId = Math.max(...blocks.map((block) => block.residentId.at(-1) ?? 0));
    const columns = new HealthIndexColumns(at, rules, blocks[0]!.residentId.length, maxResidentId);
    const reader = new FactsAt(t, communities.codes, inRegions, exposuresAt(exposures, t), maxResidentId);
    for (const block of blocks) {
      for (let i = 0; i < block.residentId.length; i++) {
        if (!block.live[i]) continue;
        const facts = reader.read(block, i);
        if (facts !== false) columns.addRow(reader.row, facts);
      }
    }
    return columns;
  }

  /** Bytes held by the typed arrays (the measure of the history's size; the few rare facts and exposures aside). */
  get bytes(): number {
    return this.state.blocks.reduce((sum, block) => sum + blockBytes(block), 0);
  }
}
