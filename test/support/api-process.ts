// The API as operators run it: api/src/main.ts in its own process (node with tsx's loader, so a signal
// reaches the API itself), settings from the environment only.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '@threadwatch/db/database';

export interface SpawnedApi {
  child: ChildProcess;
  /** What the process has written so far, stdout and stderr interleaved. */
  output: () => string;
  exited: Promise<number | null>;
}

/** Starts the API with `env` as its whole environment besides PATH and HOME. */
export function spawnApi(env: Record<string, string>): SpawnedApi {
  const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'api', 'src', 'main.ts')], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** The GraphQL URL the API prints once it listens; rejects with its output when it exits first. */
export function apiUrl(api: SpawnedApi): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const found = /GraphQL: (http:\/\/\S+)/.exec(api.output());
      if (found?.[1]) {
        clearInterval(timer);
        resolve(found[1]);
      }
    }, 50);
    void api.exited.then(() => {
      clearInterval(timer);
      reject(new Error(`the API exited early:\n${api.output()}`));
    });
  });
}
