/**
 * Child processes of the benchmark: started on loopback ports, awaited on
 * /health, always stopped (SIGTERM to the process group, SIGKILL after a
 * grace period), also when the benchmark fails or is interrupted.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { BENCH_AUTH_ENV } from './auth.js';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const LOG_DIR = path.join(ROOT, 'bench/.logs');

export interface Child {
  name: string;
  pid: number;
  process: ChildProcess;
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

const running = new Set<Child>();

/** Starts `node --import tsx <script>` (or any command) in its own process group; output goes to bench/.logs/<name>.log. */
export function startChild(name: string, command: string, args: readonly string[], env: Record<string, string | undefined>, cwd = ROOT): Child {
  mkdirSync(LOG_DIR, { recursive: true });
  const log = createWriteStream(path.join(LOG_DIR, `${name}.log`));
  const child = spawn(command, args, {
    cwd,
    // Every child checks tokens with the benchmark's own secret (lib/auth.ts), whatever the shell has set.
    env: { ...process.env, ...BENCH_AUTH_ENV, ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const handle: Child = {
    name,
    pid: child.pid!,
    process: child,
    exited,
    async stop() {
      running.delete(handle);
      if (child.exitCode !== null || child.signalCode !== null) return;
      killGroup(child.pid!, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child.pid!, 'SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
  running.add(handle);
  return handle;
}

/** A TypeScript entry point of the repo run by Node with tsx's loader: the pid is the server itself (no npm/sh wrapper). */
export function startTs(name: string, script: string, env: Record<string, string | undefined>, nodeArgs: readonly string[] = []): Child {
  return startChild(name, process.execPath, [...nodeArgs, '--import', 'tsx', script], env);
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/** Stops every child still running (synchronously signals them first, so it also works from an exit handler). */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((child) => child.stop()));
}

export function killAllNow(): void {
  for (const child of running) killGroup(child.pid, 'SIGKILL');
  running.clear();
}

/** Polls GET <base>/health until it answers 200, the child dies, or the timeout passes. */
export async function waitHealthy(child: Child, baseUrl: string, timeoutMs: number, healthPath = "/health"): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let dead = false;
  void child.exited.then(() => (dead = true));
  while (Date.now() < deadline) {
    if (dead) throw new Error(`${child.name} exited before it was healthy: see ${path.join(LOG_DIR, `${child.name}.log`)}\n${await tail(child.name)}`);
    try {
      const response = await fetch(`${baseUrl}${healthPath}`, { signal: AbortSignal.timeout(1_000) });
      if (response.ok) return;
    } catch {
      // not yet
    }
    await sleep(250);
  }
  throw new Error(`${child.name} was not healthy at ${baseUrl}${healthPath} within ${timeoutMs / 1000} s\n${await tail(child.name)}`);
}

async function tail(name: string): Promise<string> {
  try {
    const text = await readFile(path.join(LOG_DIR, `${name}.log`), 'utf8');
    return text.split('\n').slice(-15).join('\n');
  } catch {
    return '';
  }
}

/** Runs a command to completion with a time bound; resolves with its output and wall time. */
export function runCommand(
  name: string,
  command: string,
  args: readonly string[],
  env: Record<string, string | undefined>,
  timeoutMs: number,
): Promise<{ code: number | null; stdout: string; stderr: string; millis: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...BENCH_AUTH_ENV, ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const handle: Child = {
      name,
      pid: child.pid!,
      process: child,
      exited: new Promise((r) => child.once('exit', r)),
      async stop() {
        killGroup(child.pid!, 'SIGKILL');
      },
    };
    running.add(handle);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.length > 200_000) stderr = stderr.slice(-100_000);
    });
    const timer = setTimeout(() => {
      killGroup(child.pid!, 'SIGKILL');
      reject(new Error(`${name} did not finish within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      running.delete(handle);
      resolve({ code, stdout, stderr, millis: performance.now() - started });
    });
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Current resident set size of a process in bytes (Linux /proc), or null when it is gone. */
export async function rssBytes(pid: number): Promise<number | null> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const match = /VmRSS:\s+(\d+) kB/.exec(status);
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** Samples a process's RSS every `everyMs` until stopped; reports the maximum. */
export function sampleRss(pid: number, everyMs = 200): { stop(): Promise<{ maxBytes: number; samples: number }> } {
  let maxBytes = 0;
  let samples = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const rss = await rssBytes(pid);
      if (rss !== null) {
        samples++;
        if (rss > maxBytes) maxBytes = rss;
      }
      await sleep(everyMs);
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      return { maxBytes, samples };
    },
  };
}

/**
 * Runs a benchmark's `main` so that its children always stop: on Ctrl-C or SIGTERM, on failure, and when the
 * time bound passes (exit codes 130, 1, 124).
 */
export function superviseRun(main: () => Promise<void>, timeoutMin: number, log: (message: string) => void): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping children`);
      killAllNow();
      process.exit(130);
    });
  }
  process.once('exit', () => killAllNow());
  const watchdog = setTimeout(() => {
    log(`time bound of ${timeoutMin} min passed: stopping everything`);
    killAllNow();
    process.exit(124);
  }, timeoutMin * 60_000);
  watchdog.unref();
  main()
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.stack : error);
      process.exitCode = 1;
    })
    .finally(async () => {
      await stopAll();
      clearTimeout(watchdog);
      process.exit();
    });
}
