// Log lines are written in batches off the request's path; none is lost when the process exits,
// whether it exits on purpose right after logging or on an uncaught error.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '@threadwatch/db/database';
import { describe, expect, it } from 'vitest';

const logger = join(repoRoot, 'api', 'src', 'logger.ts');

function run(ending: string) {
  const script = `
    const { createLogger } = await import(${JSON.stringify(logger)});
    const log = createLogger('info');
    for (let index = 0; index < 3000; index++) log.info('request', { index, status: 200, tokenId: 't' });
    log.debug('hidden');
    ${ending}
  `;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  const lines = child.stderr
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { status: child.status, lines };
}

describe.each([
  ['process.exit right after logging', 'process.exit(0);', 0],
  ['an uncaught error right after logging', "throw new Error('boom');", 1],
])('logging before %s', (_name, ending, status) => {
  it('writes every line, in order, with its fields', () => {
    const { status: exitStatus, lines } = run(ending);
    expect(exitStatus).toBe(status);
    expect(lines).toHaveLength(3000);
    expect(lines.map((line) => line.index)).toEqual(Array.from({ length: 3000 }, (_unused, index) => index));
    expect(lines[0]).toMatchObject({ level: 'info', message: 'request', status: 200, tokenId: 't' });
    expect(typeof lines[0]?.time).toBe('string');
  });
});
