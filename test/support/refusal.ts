/** The error a promise rejects with; fails the test when it resolves instead. */
export async function refusal(promise: Promise<unknown>): Promise<{ code?: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code?: string; message: string };
  }
  throw new Error('expected the statement to be refused, but it succeeded');
}
