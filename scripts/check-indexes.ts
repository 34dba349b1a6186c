/**
 * npm run check:indexes -- [--url http://localhost:4000/graphql] [--as-of <ISO instant> | --present]
 *                          [--district 310118] [--repeat N] [--serve] [--token JWT]
 *                          [--people totals|sets|same-request|none] [--communities N]
 * npm run check:indexes -- --daily N [--url …] [--district 310118] [--serve] [--token JWT]
 *
 * Computes every index of the contract's RegionDashboard (39 × the district
 * and each town) at T by brute-force SQL straight from domain.md, asks the
 * API the same question, and compares. Prints the timings and a table of
 * mismatches; exits 1 on any mismatch (2 on an error).
 *
 * Database: the configured one (DATABASE_URL, else the PGlite folder DATA_DIR).
 * A PGlite folder can be opened by one process only: while `npm start` holds
 * it, run the platform on PostgreSQL instead, or stop it and pass --serve,
 * which serves the API from this process on the same database handle (and a
 * free port) for the comparison, after applying any pending cross-subgraph
 * events once, as `npm start` does.
 *
 * --as-of: default now, truncated to the second (the API computes that instant from the database). --present:
 * ask without asOf, as dashboards do (the live snapshot), and compare with the brute force at the moment of
 * asking. --repeat N: N more warm API
 * calls, reporting their median (issue 6's "25× faster" compares the warm
 * median with the brute-force time). --token: the API's token (default: a
 * district administrator's, minted with the configured secret).
 * --people: also compare each index's drill-down list (people(index:)) for the district, its towns and
 * --communities N sampled communities (default 3): "totals" (default) compares totalCount with the brute-force
 * count and checks the first page's residents are counted by it, holding no full list in memory (district
 * size); "sets" reads every page and compares the residents (test size only); "same-request" (with --present)
 * compares every list of every region with its index in the same request, which with the present dashboard's
 * comparison ties each list to the brute force cheaply at district size; "none" skips it.
 * --daily N: instead of one instant, the last N calendar days up to today (Asia/Shanghai, at most 92): every day of
 * Region.daily for the district and its towns, asked in one request, each compared with the brute force at the
 * day's last instant (today: at the moment of asking).
 */
import { parseArgs } from 'node:util';
import { buildAllSubgraphs, startGateway, type RunningGateway } from '../gateway/platform.js';
import { DEMO_ADMIN, mintWithConfig } from '../subgraphs/shared/auth/keys.js';
import { ConfigError, readConfig } from '../subgraphs/shared/config.js';
import { createDatabase } from '../subgraphs/shared/db/database.js';
import { MAX_DAILY_DAYS } from '../subgraphs/shared/snapshot/region-day.js';
import { plusDays, shanghaiDate } from '../subgraphs/shared/time.js';
import { checkIndexes, DEFAULT_DISTRICT, formatReport } from './index-checker/checker.js';
import { checkDaily, formatDailyReport } from './index-checker/daily.js';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      'as-of': { type: 'string' },
      present: { type: 'boolean', default: false },
      district: { type: 'string', default: DEFAULT_DISTRICT },
      repeat: { type: 'string', default: '0' },
      serve: { type: 'boolean', default: false },
      token: { type: 'string' },
      people: { type: 'string', default: 'totals' },
      communities: { type: 'string', default: '3' },
      daily: { type: 'string' },
    },
    strict: true,
  });
  const config = readConfig();
  const asOf = values['as-of'] ? new Date(values['as-of']) : undefined;
  if (asOf && Number.isNaN(asOf.getTime())) throw new Error(`--as-of must be an ISO instant, got "${values['as-of']}"`);
  const apiRepeats = Number(values.repeat);
  if (!Number.isInteger(apiRepeats) || apiRepeats < 0) throw new Error(`--repeat must be a whole number, got "${values.repeat}"`);
  const peopleMode = values.people;
  if (peopleMode !== 'totals' && peopleMode !== 'sets' && peopleMode !== 'same-request' && peopleMode !== 'none') {
    throw new Error(`--people must be totals, sets, same-request or none, got "${peopleMode}"`);
  }
  const communities = Number(values.communities);
  if (!Number.isInteger(communities) || communities < 0) throw new Error(`--communities must be a whole number, got "${values.communities}"`);
  if (values.present && asOf) throw new Error('--present and --as-of exclude each other: the present is now.');
  if (values.serve && values.url) throw new Error('--serve and --url exclude each other: --serve serves the API from this process.');
  const dailyDays = values.daily === undefined ? undefined : Number(values.daily);
  if (dailyDays !== undefined) {
    if (!Number.isInteger(dailyDays) || dailyDays < 1 || dailyDays > MAX_DAILY_DAYS) throw new Error(`--daily must be a whole number of days from 1 to ${MAX_DAILY_DAYS}, got "${values.daily}"`);
    if (asOf || values.present || apiRepeats > 0) throw new Error('--daily checks its own instants (each day\'s end): not with --as-of, --present or --repeat.');
  }

  const url = values.url ?? `http://localhost:${config.port}/graphql`;
  if (!config.databaseUrl && !values.serve && (await reachable(url))) {
    throw new Error(
      `A server answers at ${url}, and the database configured here is the embedded PGlite in ${config.dataDir}: a PGlite ` +
        'folder can be opened by one process only, so this cannot read what that server serves. Run both on PostgreSQL ' +
        '(DATABASE_URL), or stop the server and pass --serve.',
    );
  }

  console.error(config.databaseUrl ? 'Database: PostgreSQL (DATABASE_URL)' : `Database: PGlite in ${config.dataDir}`);
  const database = await createDatabase({ url: config.databaseUrl, dataDir: config.databaseUrl ? undefined : config.dataDir, maxConnections: 2 });
  let gateway: RunningGateway | undefined;
  try {
    if (values.serve) {
      // Apply pending cross-subgraph events once (as `npm start` would), then keep the consumers off so the
      // data cannot change between the brute force and the API call.
      gateway = await startGateway({ port: 0, local: await buildAllSubgraphs({ database, config }), pollEvents: false, auth: config.auth });
      await gateway.drainEvents();
      console.error(`Serving the API from this process at ${gateway.url}`);
    }
    const token = values.token ?? (await mintWithConfig(config.auth, { ...DEMO_ADMIN, id: 'index-checker', regionCode: values.district }, 3600));
    if (dailyDays !== undefined) {
      const to = shanghaiDate(new Date());
      const daily = await checkDaily({
        database,
        url: gateway?.url ?? url,
        token,
        from: plusDays(to, 1 - dailyDays),
        to,
        districtCode: values.district,
        testIntervalHours: config.testIntervalHours,
      });
      console.log(formatDailyReport(daily));
      return daily.mismatches.length === 0 ? 0 : 1;
    }
    const result = await checkIndexes({
      database,
      url: gateway?.url ?? url,
      token,
      asOf,
      present: values.present,
      districtCode: values.district,
      testIntervalHours: config.testIntervalHours,
      apiRepeats,
      people: peopleMode === 'none' ? undefined : { mode: peopleMode, communities },
    });
    console.log(formatReport(result));
    return result.mismatches.length === 0 ? 0 : 1;
  } finally {
    await gateway?.stop();
    await database.close();
  }
}

async function reachable(url: string): Promise<boolean> {
  try {
    await fetch(url.replace(/\/graphql$/, '/health'), { signal: AbortSignal.timeout(1000) });
    return true;
  } catch {
    return false;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ConfigError || error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
