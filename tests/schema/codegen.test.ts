/**
 * Clients generate typed documents from schema/api.graphql with codegen.ts;
 * the contract's operations must generate and type-check.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';

const run = promisify(execFile);
const root = new URL('../..', import.meta.url).pathname;

test('codegen generates typed documents for the contract operations, and their use type-checks', { timeout: 120_000 }, async () => {
  await run('npx', ['graphql-codegen', '--config', 'codegen.ts'], { cwd: root });
  const { stdout } = await run('npx', ['tsc', '--noEmit', '-p', 'tests/contract/tsconfig.json'], { cwd: root }).catch((error) => {
    throw new Error(`Generated documents do not type-check:\n${error.stdout}${error.stderr}`);
  });
  expect(stdout).toBe('');
});
