// Drains a paginator: everything it yielded, and the error it ended with (if any), so a test can
// assert both what came before a failure and the failure itself.
export async function collect<T>(walk: AsyncGenerator<T>): Promise<{ items: T[]; error?: unknown }> {
  const items: T[] = [];
  try {
    for await (const item of walk) items.push(item);
    return { items };
  } catch (error) {
    return { items, error };
  }
}
