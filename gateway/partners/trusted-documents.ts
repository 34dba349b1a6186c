/**
 * Trusted documents: partner systems (roles with `trustedDocumentsOnly`:
 * LAB_PARTNER, PERMIT_BUREAU) run only the operations kept in the repository
 * (gateway/trusted-documents/partners.graphql), sent by hash:
 *
 *   Apollo persisted queries  {"extensions":{"persistedQuery":{"version":1,"sha256Hash":"<hash>"}},"variables":{…}}
 *   GraphQL Hive style        {"documentId":"<hash>" or "sha256:<hash>","variables":{…}}   (GET: ?documentId=…)
 *
 * The hash is the sha256 (hex) of the operation as graphql-js prints it; the
 * manifest is built from the file at start (`npm run trusted-documents` lists
 * it). A partner's query text, or a hash not in the manifest, is refused with
 * 403 before anything is parsed or run: code FORBIDDEN, with
 * extensions.reason PERSISTED_QUERY_REQUIRED or PERSISTED_QUERY_UNKNOWN. Other roles may still send text, and may use the
 * hashes too (an unknown documentId is PERSISTED_QUERY_NOT_FOUND; an unknown
 * Apollo hash is left to Apollo's own APQ cache, as usual).
 *
 * Apollo Server cannot be stopped cleanly from requestDidStart (a throw there
 * is a 500), and it answers an unknown hash itself before any later hook. So
 * a refused request is rewritten in requestDidStart into a trivial document
 * and the refusal thrown at didResolveOperation, before validation limits,
 * role checks and execution; this plugin must be the first one.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ApolloServerPlugin, GraphQLRequest } from '@apollo/server';
import { GraphQLError, Kind, parse, print, separateOperations } from 'graphql';
import { ROLE_POLICIES } from '../../subgraphs/shared/auth/roles.js';
import type { GatewayContext } from '../context.js';

export const PARTNER_DOCUMENTS_FILE = new URL('../trusted-documents/partners.graphql', import.meta.url);

export interface TrustedDocument {
  /** sha256 (hex) of `text`. */
  hash: string;
  operationName: string;
  /** The operation as graphql-js prints it (with the fragments it uses). */
  text: string;
}

export type TrustedDocuments = ReadonlyMap<string, TrustedDocument>;

/** The manifest of a file of named operations: hash → document. Throws on an unnamed or repeated operation. */
export function trustedDocumentsOf(source: string): TrustedDocuments {
  const document = parse(source, { noLocation: true });
  const names = new Set<string>();
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    const name = definition.name?.value;
    if (!name) throw new Error('Every trusted document needs an operation name.');
    if (names.has(name)) throw new Error(`Trusted operation ${name} is defined twice.`);
    names.add(name);
  }
  const manifest = new Map<string, TrustedDocument>();
  for (const [operationName, operation] of Object.entries(separateOperations(document))) {
    const text = print(operation);
    const hash = sha256(text);
    manifest.set(hash, { hash, operationName, text });
  }
  return manifest;
}

/** The partners' manifest, read from the repository. */
export function loadPartnerDocuments(file: URL | string = PARTNER_DOCUMENTS_FILE): TrustedDocuments {
  return trustedDocumentsOf(readFileSync(file, 'utf8'));
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

const REFUSED = 'query PersistedQueryRefused { __typename }';

export function trustedDocumentsPlugin(documents: TrustedDocuments): ApolloServerPlugin<GatewayContext> {
  return {
    // No await before the request is rewritten: later plugins' requestDidStart (e.g. select-operation) see the result.
    async requestDidStart({ request, contextValue }) {
      const refusal = resolveTrustedDocument(request, documents, ROLE_POLICIES[contextValue.viewer.role].trustedDocumentsOnly);
      if (!refusal) return;
      request.query = REFUSED;
      request.operationName = 'PersistedQueryRefused';
      request.variables = undefined;
      if (request.extensions) delete request.extensions.persistedQuery;
      return {
        async didResolveOperation() {
          throw refusal;
        },
      };
    },
  };
}

/** Puts the trusted document's text in the request when it names one by hash; the refusal when it may not run. */
function resolveTrustedDocument(request: GraphQLRequest, documents: TrustedDocuments, trustedOnly: boolean): GraphQLError | null {
  const sent = sentHash(request);
  if (!sent) {
    if (!trustedOnly) return null;
    return refused(
      'PERSISTED_QUERY_REQUIRED',
      403,
      'This credential runs only the platform\'s trusted documents, sent by hash (extensions.persistedQuery.sha256Hash or documentId), never as query text.',
    );
  }
  const document = documents.get(sent.hash);
  if (!document) {
    if (trustedOnly) return refused('PERSISTED_QUERY_UNKNOWN', 403, `No trusted document has hash ${sent.hash.slice(0, 80)}: send one of the hashes the platform publishes.`);
    // Staff: an Apollo hash may be in Apollo's own APQ cache; a documentId can only name a trusted document.
    return sent.via === 'documentId' ? refused('PERSISTED_QUERY_NOT_FOUND', 400, `No trusted document has id ${sent.hash.slice(0, 80)}.`) : null;
  }
  if (request.query !== undefined && request.query !== '') {
    if (trustedOnly) return refused('PERSISTED_QUERY_REQUIRED', 403, 'Send only the trusted document\'s hash, without query text.');
    return null; // staff sending both: Apollo checks that the hash is the text's
  }
  request.query = document.text;
  return null;
}

function sentHash(request: GraphQLRequest): { hash: string; via: 'persistedQuery' | 'documentId' } | null {
  const persisted = request.extensions?.persistedQuery as { sha256Hash?: unknown } | undefined;
  if (persisted && typeof persisted.sha256Hash === 'string') return { hash: persisted.sha256Hash.toLowerCase(), via: 'persistedQuery' };
  const body = request.http?.body as { documentId?: unknown } | undefined;
  const id = body && typeof body === 'object' && typeof body.documentId === 'string' ? body.documentId : new URLSearchParams(request.http?.search ?? '').get('documentId');
  if (!id) return null;
  return { hash: id.replace(/^sha256:/i, '').toLowerCase(), via: 'documentId' };
}

/** A partner's refusal is FORBIDDEN (403) with the reason; a staff's unknown documentId is PERSISTED_QUERY_NOT_FOUND (400). */
function refused(reason: 'PERSISTED_QUERY_REQUIRED' | 'PERSISTED_QUERY_UNKNOWN' | 'PERSISTED_QUERY_NOT_FOUND', status: number, message: string): GraphQLError {
  const code = reason === 'PERSISTED_QUERY_NOT_FOUND' ? reason : 'FORBIDDEN';
  return new GraphQLError(message, { extensions: { code, ...(code === reason ? {} : { reason }), http: { status } } });
}
