/** Serves the cases subgraph alone over HTTP (distributed mode): `PORT=... DATABASE_URL=... tsx subgraphs/cases/server.ts`. */
import { runSubgraphProcess } from '../shared/serve-subgraph.js';
import { createCasesSubgraph } from './index.js';

await runSubgraphProcess(createCasesSubgraph);
