/**
 * Moved to subgraphs/permits/enterprise/credit-code.ts (a permits-only rule).
 * This re-export only keeps seed/permits.ts compiling until it imports the new
 * path; nothing under subgraphs/ imports it. Delete it then.
 */
export * from '../permits/enterprise/credit-code.js';
