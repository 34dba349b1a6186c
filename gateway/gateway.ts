/**
 * The gateway: @apollo/server + @apollo/gateway over a static supergraph. Each
 * subgraph is reached in-process (one-process mode) or over HTTP (distributed
 * mode), decided per subgraph.
 */
import { ApolloGateway, type GraphQLDataSource } from '@apollo/gateway';
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { maskUnexpectedError } from '../subgraphs/shared/errors.js';
import type { ViewerSigner } from '../subgraphs/shared/auth/internal-viewer.js';
import type { RequestLimits } from '../subgraphs/shared/config.js';
import { componentLogger, errorLoggerOf } from '../subgraphs/shared/http/logger.js';
import type { OperationsConfig } from '../subgraphs/shared/http/operations-config.js';
import { requestLogPlugin } from '../subgraphs/shared/http/request-log.js';
import type { Subgraph } from '../subgraphs/shared/subgraph.js';
import { gatewayAuditPlugin } from './audit.js';
import { requestLimits } from './limits/index.js';
import { inputLimitsPlugin } from './limits/inputs.js';
import type { GatewayContext } from './context.js';
import { InProcessDataSource } from './in-process-data-source.js';
import { loadPartnerDocuments, trustedDocumentsPlugin } from './partners/trusted-documents.js';
import { ViewerForwardingDataSource } from './remote-data-source.js';
import { requestShapePlugin } from './request-shape.js';
import { roleCheckPlugin } from './role-check.js';
import { selectOperationPlugin } from './select-operation.js';

export interface GatewayOptions {
  supergraphSdl: string;
  /** Subgraphs served in this process. */
  local: readonly Subgraph[];
  /** URLs of the subgraphs served elsewhere, by name. */
  remote: Readonly<Record<string, string>>;
  /** Signs the viewer for subgraphs served over HTTP. */
  signer: ViewerSigner;
  limits: RequestLimits;
  fieldSuggestions: boolean;
  /** The subgraph timeout and the breakers' settings. */
  operations: Pick<OperationsConfig, 'subgraphTimeoutMs' | 'breakerFailures' | 'breakerProbeMs'>;
}

const log = componentLogger('gateway');

export async function createGatewayServer(options: GatewayOptions): Promise<ApolloServer<GatewayContext>> {
  const local = new Map(options.local.map((subgraph) => [subgraph.name, subgraph]));
  const remote: ViewerForwardingDataSource[] = [];
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    buildService: ({ name, url }): GraphQLDataSource => {
      const inProcess = local.get(name as Subgraph['name']);
      if (inProcess) return new InProcessDataSource(inProcess);
      const remoteUrl = options.remote[name] ?? url;
      if (!remoteUrl) throw new Error(`Subgraph ${name} is neither in-process nor configured with a URL.`);
      const source = new ViewerForwardingDataSource({
        name,
        url: remoteUrl,
        signer: options.signer,
        timeoutMs: options.operations.subgraphTimeoutMs,
        breakerFailures: options.operations.breakerFailures,
        breakerProbeMs: options.operations.breakerProbeMs,
        log,
      });
      remote.push(source);
      return source;
    },
  });
  // The breakers stop probing when the server stops.
  const stopBreakers: ApolloServerPlugin<GatewayContext> = {
    async serverWillStart() {
      return { serverWillStop: async () => remote.forEach((source) => source.breaker.stop()) };
    },
  };
  const limits = requestLimits<GatewayContext>(options.limits, { fieldSuggestions: options.fieldSuggestions });
  const server = new ApolloServer<GatewayContext>({
    gateway,
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    // Our shutdown drains and stops the server; Apollo's own handler would stop it under us and re-raise the signal.
    stopOnTerminationSignals: false,
    // The offline IDE is served by our HTTP front; Apollo's own landing page loads from a CDN.
    // Trusted documents first: it puts a hash's text in the request (or refuses it) before the others look at it.
    plugins: [
      trustedDocumentsPlugin(loadPartnerDocuments()),
      ApolloServerPluginLandingPageDisabled(),
      selectOperationPlugin(),
      requestShapePlugin(),
      // Before the cost and input checks: a role refused an operation learns nothing of how its input would fare.
      roleCheckPlugin(),
      ...limits.plugins,
      inputLimitsPlugin(),
      gatewayAuditPlugin(options.local),
      requestLogPlugin('gateway', log),
      stopBreakers,
    ],
    formatError: (formatted, error) => maskUnexpectedError(formatted, error, errorLoggerOf(log)),
  });
  await server.start();
  return server;
}
