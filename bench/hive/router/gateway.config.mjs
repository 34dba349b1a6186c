// Hive Gateway's fastest setup on npm: the Rust query planner of @graphql-hive/router-runtime.
import { defineConfig } from '@graphql-hive/gateway';
import { unifiedGraphHandler } from '@graphql-hive/router-runtime';

export const gatewayConfig = defineConfig({ unifiedGraphHandler });
