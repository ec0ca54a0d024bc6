import type { ChildProcess } from 'node:child_process';

/**
 * Every process a run starts, so that none outlives it: servers and redis-server have no IPC channel
 * that would end them with the driver, so the driver kills what is left when it exits, however it exits
 * (short of SIGKILL).
 */
const children = new Set<ChildProcess>();
let installed = false;

function install(): void {
  installed = true;
  process.once('exit', () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`bench: ${signal}: stopping the ${children.size} processes it started`);
      process.exit(130);
    });
  }
}

export function track<T extends ChildProcess>(child: T): T {
  if (!installed) install();
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}
