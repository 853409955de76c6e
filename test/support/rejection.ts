// The one way tests settle a promise they expect to reject. The "expected a rejection" failure is
// thrown outside the `try`, so a promise that resolves fails the test instead of passing as an error.
export async function rejectionOf(promise: Promise<unknown>): Promise<any> {
  let value: unknown;
  try {
    value = await promise;
  } catch (error) {
    return error;
  }
  throw new Error(`expected a rejection, got ${safeJson(value)}`);
}

function safeJson(value: unknown): string {
  try {
    return String(JSON.stringify(value)).slice(0, 200);
  } catch {
    return String(value);
  }
}
