/** Assertions on the FusionAuth client's rejections, which carry the status and the Errors JSON. */
import assert from 'node:assert/strict';
import type { Errors } from '@fusionauth/typescript-client';

/** The client's ClientResponse (a CommonJS default export that does not re-export cleanly). */
interface ClientResponse<T> {
  statusCode: number;
  response: T;
  exception?: unknown;
}

/** Awaits a client call that must fail with `status`, returning the Errors body (empty when none). */
export async function expectStatus<T>(call: Promise<ClientResponse<T>>, status: number): Promise<Errors> {
  try {
    const response = await call;
    assert.fail(`expected status ${status}, got ${response.statusCode}: ${JSON.stringify(response.response)}`);
  } catch (error) {
    const failure = error as Partial<ClientResponse<Errors>> & { exception?: Errors };
    if (failure.statusCode === undefined) throw error;
    assert.equal(failure.statusCode, status, `status: ${JSON.stringify(failure.exception ?? failure.response)}`);
    return (failure.exception ?? failure.response ?? {}) as Errors;
  }
}

/** The field errors as `path → codes`, for exact comparisons. */
export function fieldCodes(errors: Errors): Record<string, string[]> {
  return Object.fromEntries(Object.entries(errors.fieldErrors ?? {}).map(([path, list]) => [path, list.map((e) => e.code!)]));
}

export function generalCodes(errors: Errors): string[] {
  return (errors.generalErrors ?? []).map((e) => e.code!);
}
