import { fork, type ChildProcess } from 'node:child_process';
import { track } from './children.ts';

/**
 * Request/answer over a forked child's IPC channel, both sides. The channel uses the structured-clone
 * ("advanced") serialisation so that typed arrays of latencies cross it as they are.
 */

type Reply = { re: number; ok: true; value: unknown } | { re: number; ok: false; error: string };

export interface IpcChild<Hello, Command> {
  child: ChildProcess;
  pid: number;
  /** What the child said when it was ready. */
  hello: Hello;
  ask<T>(command: Command): Promise<T>;
  /** Closes the channel and waits for the child to exit (children exit when their channel closes). */
  stop(): Promise<void>;
}

/**
 * Forks a TypeScript module (through tsx) and resolves once it sends its first message (its hello);
 * rejects if it exits first.
 */
export function forkTs<Hello, Command>(modulePath: string, options: { env?: NodeJS.ProcessEnv; execArgv?: string[] } = {}): Promise<IpcChild<Hello, Command>> {
  const child = track(fork(modulePath, [], {
    execArgv: ['--import', 'tsx', ...(options.execArgv ?? [])],
    env: options.env ?? process.env,
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  }));
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let nextId = 1;
  return new Promise((resolve, reject) => {
    const early = (code: number | null) => reject(new Error(`${modulePath} exited with ${code} before it was ready`));
    child.once('error', reject);
    child.once('exit', early);
    child.once('message', (hello: Hello) => {
      child.off('exit', early);
      child.on('message', (reply: Reply) => {
        const waiter = pending.get(reply.re);
        pending.delete(reply.re);
        if (reply.ok) waiter?.resolve(reply.value);
        else waiter?.reject(new Error(`process ${child.pid}: ${reply.error}`));
      });
      child.on('exit', (code, signal) => {
        for (const w of pending.values()) w.reject(new Error(`process ${child.pid} exited (${code ?? signal})`));
        pending.clear();
      });
      resolve({
        child,
        pid: child.pid!,
        hello,
        ask<T>(command: Command) {
          const id = nextId++;
          return new Promise<T>((res, rej) => {
            if (!child.connected) return rej(new Error(`process ${child.pid} is gone`));
            pending.set(id, { resolve: res as (v: unknown) => void, reject: rej });
            child.send({ id, command });
          });
        },
        stop() {
          return new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once('exit', () => done());
            if (child.connected) child.disconnect();
            else child.kill('SIGTERM');
          });
        },
      });
    });
  });
}

/** The child's side: says hello, answers each command with its handler's result, exits with the channel. */
export function serveIpc<Command>(hello: unknown, handler: (command: Command) => unknown): void {
  process.on('message', (message: { id: number; command: Command }) => {
    Promise.resolve()
      .then(() => handler(message.command))
      .then(
        (value) => process.send!({ re: message.id, ok: true, value } satisfies Reply),
        (error: unknown) => process.send!({ re: message.id, ok: false, error: String(error instanceof Error ? error.stack : error) } satisfies Reply),
      );
  });
  process.on('disconnect', () => process.exit(0));
  process.send!(hello);
}
