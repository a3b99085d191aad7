import { type ChildProcess, spawn } from 'node:child_process';

/** A program started by {@link startProgram}. */
export interface RunningProgram {
  /** The `http://127.0.0.1:<port>` it printed. */
  readonly url: string;
  /** Everything it printed so far, stdout and stderr interleaved. */
  output(): string;
  /** Ends exactly this process (and its process group): SIGTERM, then SIGKILL after 5 s. */
  stop(): Promise<void>;
}

/** Where and how to run a program. */
export interface StartProgramOptions {
  /** The working directory: the example's folder, as its README runs it. */
  cwd: string;
  /** Added to the test's own environment. */
  env?: Record<string, string>;
  /** How long to wait for `Listening on http://127.0.0.1:<port>`. [`60000`] */
  timeoutMs?: number;
}

/**
 * Starts an example's server the way its README does and waits until it prints
 * `Listening on http://127.0.0.1:<port>`. The examples' tests pass `PORT=0`, so that they never
 * collide with a server a person is running, and read the port from that line.
 */
export async function startProgram(command: string, args: string[], options: StartProgramOptions): Promise<RunningProgram> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const child = spawn(command, args, {
    cwd: options.cwd,
    // Its own process group, so that stopping it also stops anything it spawned.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', ...options.env },
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const fail = (reason: string) => {
      clearTimeout(timer);
      void stopProcess(child);
      reject(new Error(`${command} ${args.join(' ')}: ${reason}\n${output}`));
    };
    const timer = setTimeout(() => fail(`printed no URL within ${timeoutMs} ms`), timeoutMs);
    const read = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /Listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match === null) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve(match[1]!);
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.on('error', (error) => fail(error.message));
    child.on('exit', (code) => fail(`exited with code ${code}`));
  });
  return { url, output: () => output, stop: () => stopProcess(child) };
}

/** Stops a child and its process group by its process id: SIGTERM, then SIGKILL after 5 s. */
export function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return Promise.resolve();
  const pid = child.pid;
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-pid, name);
    } catch {
      // Already gone.
    }
  };
  return new Promise((resolve) => {
    const kill = setTimeout(() => signal('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    signal('SIGTERM');
  });
}

/** `process.execPath` running a TypeScript entry point from the workspace sources, as `pnpm start` does. */
export function tsxArgs(entry: string): string[] {
  return ['--conditions=@authentify/source', '--import', 'tsx', entry];
}
