/**
 * Bounded inputs, in one place: every string (String, ID and custom string
 * scalars) an operation passes, as a literal or through a variable, through
 * input objects and lists, has a maximum length and may not hold control
 * characters (U+0000–U+001F and U+007F–U+009F; tab, line feed and carriage
 * return are allowed in multi-line notes and reasons). Checked at
 * didResolveOperation, before anything runs, with the schema's types. Refused
 * with BAD_USER_INPUT (HTTP 400), `extensions.field` naming the first problem's
 * dotted path (`filter.text`, `input.name`, `tagsAny[2]`) and
 * `extensions.problems` listing every problem found ({ field, message }).
 *
 * The gateway is the edge: subgraphs served alone sit behind it (their own
 * rules still check each field's meaning and length). Lab result rows
 * (NucleicAcidResultInput) pass through: the batch mutation reports a bad row
 * as that row's rejection and keeps the good rows, so their rule lives in
 * subgraphs/health/ingest/lab-row.ts (lengths and control characters, per row
 * and field), not here.
 */
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import {
  getNamedType,
  getNullableType,
  GraphQLError,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isObjectType,
  isScalarType,
  Kind,
  type FragmentDefinitionNode,
  type GraphQLArgument,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLSchema,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import type { InputProblem } from '../../subgraphs/shared/errors.js';

export interface InputLimit {
  /** Most characters (UTF-16 code units, as JavaScript and GraphQL count them). */
  max: number;
  /** Tab, line feed and carriage return allowed (notes and reasons). */
  multiline?: boolean;
}

export const DEFAULT_INPUT_LIMIT: InputLimit = { max: 200 };
/** ID-typed values (resident, case, permit IDs, region codes…). */
export const ID_LIMIT: InputLimit = { max: 64 };
const CODE: InputLimit = { max: 64 };
const NOTE: InputLimit = { max: 1000, multiline: true };
/** The subgraphs' MAX_REASON_LENGTH (subgraphs/shared/validation.ts): the tighter existing rule. */
const REASON: InputLimit = { max: 500, multiline: true };

/**
 * Per input field (`Type.field`), per argument of one field (`field(argument)`) and per argument (by name, any field). Where
 * a subgraph already documents a limit, the same value is used here, so the
 * gateway never refuses what the contract allows.
 */
export const INPUT_LIMITS: Readonly<Record<string, InputLimit>> = {
  // search
  'ResidentFilter.text': { max: 100 },
  'ResidentFilter.tagsAll': CODE,
  'ResidentFilter.tagsAny': CODE,
  // people
  'RegisterResidentInput.name': { max: 64 },
  'UpdateResidentInput.name': { max: 64 },
  'RegisterResidentInput.idNumber': CODE,
  'RegisterResidentInput.phone': CODE,
  'UpdateResidentInput.phone': CODE,
  'RegisterResidentInput.address': { max: 200 },
  'UpdateResidentInput.address': { max: 200 },
  // enterprises, venues, facilities, vaccinations
  'RegisterEnterpriseInput.name': { max: 200 },
  'RegisterEnterpriseInput.industry': { max: 100 },
  'RegisterEnterpriseInput.creditCode': CODE,
  'RegisterFacilityInput.name': { max: 200 },
  'RegisterVenueInput.code': CODE,
  'RegisterVenueInput.name': { max: 100 },
  'RegisterVenueInput.type': { max: 50 },
  'RecordVaccinationInput.site': { max: 200 },
  'RecordVaccinationInput.batch': CODE,
  // cases
  'ReportCaseInput.note': NOTE,
  'ReportCaseInput.sourceBarcode': CODE,
  'ConvertCloseContactInput.note': NOTE,
  'ConvertCloseContactInput.sourceBarcode': CODE,
  // arguments of one field (`field(argument)`), then arguments by name on any field
  // An import id is its stored key in base64url: a lab's prefix and a 64-character hash make it about 100.
  'labImport(id)': { max: 400 },
  note: NOTE,
  reason: REASON,
  tagCode: CODE,
  venueCode: CODE,
  code: CODE,
  idempotencyKey: { max: 200 },
  after: { max: 200 },
};

/** Input types whose values pass through unchecked: their mutation reports each bad element as data. */
export const PASS_THROUGH_TYPES: ReadonlySet<string> = new Set(['NucleicAcidResultInput']);

export type { InputProblem };

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// eslint-disable-next-line no-control-regex
const CONTROL_EXCEPT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/** Problems of one string value (none when it is fine). Shared with tests and any other door. */
export function checkText(value: string, field: string, limit: InputLimit): InputProblem | null {
  if (value.length > limit.max) return { field, message: `${field} is at most ${limit.max} characters (got ${value.length}).` };
  const control = (limit.multiline ? CONTROL_EXCEPT_LINES : CONTROL).exec(value);
  if (control) {
    const code = control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    return { field, message: `${field} contains a control character (U+${code} at position ${control.index}); send printable text${limit.multiline ? ' (tabs and line breaks are allowed)' : ''}.` };
  }
  return null;
}

/** Stop collecting after this many problems: enough to act on, and bounded work for a huge list. */
const MAX_PROBLEMS = 20;

interface WalkContext {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  problems: InputProblem[];
}

/** Every problem of the operation's string inputs (literals and variables), in document order. */
export function inputProblems(
  schema: GraphQLSchema,
  document: import('graphql').DocumentNode,
  operation: import('graphql').OperationDefinitionNode,
  variables: Record<string, unknown>,
): InputProblem[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  // A variable is checked where it is used, with the type and limit of that argument or input field.
  const ctx: WalkContext = { schema, fragments, variables, problems: [] };
  const root = operation.operation === 'mutation' ? schema.getMutationType() : schema.getQueryType();
  if (root) walkSelections(ctx, root, operation.selectionSet, new Set());
  return ctx.problems.slice(0, MAX_PROBLEMS);
}

function walkSelections(ctx: WalkContext, parent: GraphQLNamedType, selectionSet: SelectionSetNode, visiting: Set<string>): void {
  for (const selection of selectionSet.selections) {
    if (ctx.problems.length >= MAX_PROBLEMS) return;
    if (selection.kind === Kind.FIELD) {
      const field = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[selection.name.value] : undefined;
      if (!field) continue; // __typename, or unknown (validation reports it)
      for (const node of selection.arguments ?? []) {
        const arg = field.args.find((candidate: GraphQLArgument) => candidate.name === node.name.value);
        if (arg) walkLiteral(ctx, node.value, arg.type, arg.name, INPUT_LIMITS[`${field.name}(${arg.name})`] ?? INPUT_LIMITS[arg.name]);
      }
      if (selection.selectionSet) walkSelections(ctx, getNamedType(field.type), selection.selectionSet, visiting);
    } else {
      const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : ctx.fragments.get(selection.name.value);
      if (!fragment) continue;
      const name = selection.kind === Kind.FRAGMENT_SPREAD ? selection.name.value : null;
      if (name && visiting.has(name)) continue;
      if (name) visiting.add(name);
      const type = fragment.typeCondition ? (ctx.schema.getType(fragment.typeCondition.name.value) ?? parent) : parent;
      walkSelections(ctx, type, fragment.selectionSet, visiting);
      if (name) visiting.delete(name);
    }
  }
}

function limitFor(type: GraphQLInputType, own: InputLimit | undefined): InputLimit {
  return own ?? (getNamedType(type).name === 'ID' ? ID_LIMIT : DEFAULT_INPUT_LIMIT);
}

/** A value written in the document; a variable in it is checked by its value. */
function walkLiteral(ctx: WalkContext, node: ValueNode, type: GraphQLInputType, path: string, own: InputLimit | undefined): void {
  if (ctx.problems.length >= MAX_PROBLEMS) return;
  if (node.kind === Kind.VARIABLE) {
    if (node.name.value in ctx.variables) walkValue(ctx, ctx.variables[node.name.value], type, path, own);
    return;
  }
  const nullable = getNullableType(type) as GraphQLInputType;
  if (isListType(nullable)) {
    const items = node.kind === Kind.LIST ? node.values : [node];
    items.forEach((item, index) => walkLiteral(ctx, item, nullable.ofType as GraphQLInputType, node.kind === Kind.LIST ? `${path}[${index}]` : path, own));
    return;
  }
  if (isInputObjectType(nullable)) {
    if (PASS_THROUGH_TYPES.has(nullable.name) || node.kind !== Kind.OBJECT) return;
    const fields = nullable.getFields();
    for (const fieldNode of node.fields) {
      const field = fields[fieldNode.name.value];
      if (field) walkLiteral(ctx, fieldNode.value, field.type, `${path}.${field.name}`, INPUT_LIMITS[`${nullable.name}.${field.name}`]);
    }
    return;
  }
  if (node.kind === Kind.STRING && isStringLike(nullable)) report(ctx, node.value, path, limitFor(type, own));
}

/** A value sent as (part of) a variable. */
function walkValue(ctx: WalkContext, value: unknown, type: GraphQLInputType, path: string, own: InputLimit | undefined): void {
  if (ctx.problems.length >= MAX_PROBLEMS || value === null || value === undefined) return;
  const nullable = getNullableType(type) as GraphQLInputType;
  if (isListType(nullable)) {
    if (Array.isArray(value)) value.forEach((item, index) => walkValue(ctx, item, nullable.ofType as GraphQLInputType, `${path}[${index}]`, own));
    else walkValue(ctx, value, nullable.ofType as GraphQLInputType, path, own);
    return;
  }
  if (isInputObjectType(nullable)) {
    if (PASS_THROUGH_TYPES.has(nullable.name) || typeof value !== 'object' || Array.isArray(value)) return;
    const fields = nullable.getFields();
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      const field = fields[key];
      if (field) walkValue(ctx, item, field.type, `${path}.${field.name}`, INPUT_LIMITS[`${nullable.name}.${field.name}`]);
    }
    return;
  }
  if (typeof value === 'string' && isStringLike(nullable)) report(ctx, value, path, limitFor(type, own));
}

/** String, ID and custom scalars sent as text (DateTime, Date…); enums are checked by GraphQL itself. */
function isStringLike(type: GraphQLInputType): boolean {
  return isScalarType(type) && !isEnumType(type) && type.name !== 'Int' && type.name !== 'Float' && type.name !== 'Boolean';
}

function report(ctx: WalkContext, value: string, path: string, limit: InputLimit): void {
  const problem = checkText(value, path, limit);
  if (problem) ctx.problems.push(problem);
}

export function inputLimitsPlugin<Context extends BaseContext>(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, schema, request }) {
          if (!operation) return;
          const problems = inputProblems(schema, document, operation, request.variables ?? {});
          if (problems.length === 0) return;
          const first = problems[0]!;
          throw new GraphQLError(problems.length === 1 ? first.message : `${problems.length} inputs are refused: ${problems.map((p) => p.message).join(' ')}`, {
            extensions: { code: 'BAD_USER_INPUT', field: first.field, problems, http: { status: 400 } },
          });
        },
      };
    },
  };
}
