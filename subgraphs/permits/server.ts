/** Serves the permits subgraph alone over HTTP (distributed mode): `PORT=... DATABASE_URL=... tsx subgraphs/permits/server.ts`. */
import { runSubgraphProcess } from '../shared/serve-subgraph.js';
import { createPermitsSubgraph } from './index.js';

await runSubgraphProcess(createPermitsSubgraph);
