import { expect, test } from 'vitest';
import { Deadline } from '../../gateway/deadline.js';

test('a fetch that ends in time is answered as it is', async () => {
  const deadline = new Deadline(1_000);
  expect(await deadline.race<{ data?: unknown; errors?: [] }>('health', async () => ({ data: { ok: true } }))).toEqual({ data: { ok: true } });
});

test('a fetch still running at the deadline is answered with a TIMEOUT error naming the part, by the deadline', async () => {
  const deadline = new Deadline(50);
  const started = Date.now();
  const answer = await deadline.race<{ errors?: { message: string; extensions?: Record<string, unknown> }[] }>('health', () => new Promise(() => {}));
  expect(Date.now() - started).toBeLessThan(1_000);
  expect(answer.errors?.[0]?.extensions).toEqual({ code: 'TIMEOUT', subgraph: 'health' });
  expect(answer.errors?.[0]?.message).toMatch(/deadline of 50 ms/);
});

test('after the deadline, a new fetch is not even started', async () => {
  const deadline = new Deadline(1);
  await new Promise((resolve) => setTimeout(resolve, 10));
  let started = false;
  const answer = await deadline.race('cases', async () => {
    started = true;
    return {};
  });
  expect(started).toBe(false);
  expect(answer).toMatchObject({ errors: [{ extensions: { code: 'TIMEOUT' } }] });
});
