/** Serves the health subgraph alone over HTTP (distributed mode): `PORT=... DATABASE_URL=... tsx subgraphs/health/server.ts`. */
import { runSubgraphProcess } from '../shared/serve-subgraph.js';
import { createHealthSubgraph } from './index.js';

await runSubgraphProcess(createHealthSubgraph);
