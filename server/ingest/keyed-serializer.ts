/**
 * Runs tasks one at a time per key, in arrival order, and concurrently across keys. Within a process
 * this removes version conflicts between bulletins for one election; across processes the store's
 * compare-and-set still decides.
 */
export function createKeyedSerializer() {
  const tails = new Map<string, Promise<unknown>>();
  return function serialize<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = tails.get(key) ?? Promise.resolve();
    const run = previous.then(task, task);
    const tail = run.catch(() => {});
    tails.set(key, tail);
    // Forget the key once its queue drains, so idle elections hold no memory.
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return run;
  };
}
