/** Serves the population subgraph alone over HTTP (distributed mode): `PORT=... DATABASE_URL=... tsx subgraphs/population/server.ts`. */
import { runSubgraphProcess } from '../shared/serve-subgraph.js';
import { createPopulationSubgraph } from './index.js';

await runSubgraphProcess(createPopulationSubgraph);
