/** The checker's one way to ask the API (a POST with the checker's token), and what it reports. */

/** A value the API answered that differs from the brute force. */
export interface Mismatch {
  region: string;
  regionName: string;
  index: string;
  expected: number | string;
  got: number | string;
}

export interface GraphqlBody<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** Posts an operation; fails only when the answer is not GraphQL (errors are the caller's to read). */
export async function postGraphql<T>(url: string, token: string, query: string, variables: Record<string, unknown>, operationName?: string): Promise<GraphqlBody<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, operationName, variables }),
  });
  const text = await response.text();
  try {
    return JSON.parse(text) as GraphqlBody<T>;
  } catch {
    throw new Error(`${operationName ?? 'GraphQL'}: HTTP ${response.status}, not JSON: ${text.slice(0, 500)}`);
  }
}
