// Hive Gateway's fastest setup on npm: the Rust query planner of @graphql-hive/router-runtime.
// Our subgraphs served alone believe only a viewer signed by the gateway (x-platform-viewer): Hive verifies no
// token, so the benchmark signs that header itself and Hive forwards it to every subgraph.
import { defineConfig } from '@graphql-hive/gateway';
import { unifiedGraphHandler } from '@graphql-hive/router-runtime';

const VIEWER_HEADER = 'x-platform-viewer'; // subgraphs/shared/auth/internal-viewer.ts

export const gatewayConfig = defineConfig({
  unifiedGraphHandler,
  propagateHeaders: {
    fromClientToSubgraphs: ({ request }) => ({ [VIEWER_HEADER]: request.headers.get(VIEWER_HEADER) }),
  },
});
