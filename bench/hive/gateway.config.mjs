// Hive Gateway, default setup (bench/run.ts starts it with bench/hive as its working directory).
// Our subgraphs served alone believe only a viewer signed by the gateway (x-platform-viewer): Hive verifies no
// token, so the benchmark signs that header itself and Hive forwards it to every subgraph.
import { defineConfig } from '@graphql-hive/gateway';

const VIEWER_HEADER = 'x-platform-viewer'; // subgraphs/shared/auth/internal-viewer.ts

export const gatewayConfig = defineConfig({
  propagateHeaders: {
    fromClientToSubgraphs: ({ request }) => ({ [VIEWER_HEADER]: request.headers.get(VIEWER_HEADER) }),
  },
});
