/**
 * Wraps `run` so that calls are queued and run, in call order, on the next turn of the event loop
 * (`setImmediate`): the caller's own continuation (writing an HTTP answer) goes first, and the deferred
 * work (the fan-out of a delta) never reorders.
 */
export function deferInOrder<T>(run: (value: T) => void): (value: T) => void {
  let queue: T[] = [];
  const flush = () => {
    const batch = queue;
    queue = [];
    for (const value of batch) run(value);
  };
  return (value) => {
    if (queue.length === 0) setImmediate(flush);
    queue.push(value);
  };
}
