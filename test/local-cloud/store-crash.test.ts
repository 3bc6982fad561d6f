/**
 * Loading rewrites (compacts) a datafile that holds superseded lines. A process killed with SIGKILL at any moment of
 * that load — while reading, while writing the new file, around the rename — must leave every acknowledged write
 * readable. The kill lands at different points from round to round; what is asserted holds wherever it lands.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { closeLocalDatabase, createLocalDatabase } from '../../cloudfunctions/local-cloud/sdk/database';
import { tempDirs } from '../support/temp-dirs';

jest.setTimeout(120_000);

const REPO = path.resolve(__dirname, '../..');
const freshDir = tempDirs('local-store-crash-');
const DOCS = 3000;

/** Opens `dir` in a child process (so its load compacts the datafile) and SIGKILLs it `afterMs` after it started loading. */
function loadAndKill(dir: string, afterMs: number): Promise<void> {
  const script = path.join(dir, '..', `load-${path.basename(dir)}.ts`);
  fs.writeFileSync(
    script,
    [
      `import { createLocalDatabase } from ${JSON.stringify(path.join(REPO, 'cloudfunctions/local-cloud/sdk/database'))};`,
      `const db = createLocalDatabase({ dir: ${JSON.stringify(dir)} });`,
      `process.stdout.write('loading\\n');`,
      `void db.collection('items').count().then(() => process.stdout.write('loaded\\n'));`,
    ].join('\n'),
  );
  return new Promise((resolve, reject) => {
    // node itself with tsx's loader: ONE process (the tsx command runs node as a child, which a SIGKILL of tsx would leave running).
    const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let killTimer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      if (killTimer === undefined && chunk.toString().includes('loading')) killTimer = setTimeout(() => child.kill('SIGKILL'), afterMs);
    });
    child.on('error', reject);
    child.on('exit', () => {
      if (killTimer) clearTimeout(killTimer);
      resolve();
    });
  });
}

it('every acknowledged write survives a SIGKILL at any point of a load that compacts the datafile', async () => {
  const pristine = freshDir();
  const db = createLocalDatabase({ dir: pristine });
  await db.createCollection('items');
  const items = db.collection('items');
  for (let i = 0; i < DOCS; i += 500) {
    await items.add({ data: Array.from({ length: 500 }, (_, k) => ({ _id: `d${i + k}`, v: 0, text: '楼道灯坏了好几天了'.repeat(20) })) });
  }
  // Three more versions of every document, and a few removals: the datafile holds four lines per document.
  for (let round = 1; round <= 3; round++) await items.where({ v: round - 1 }).update({ data: { v: round } });
  for (let i = 0; i < DOCS; i += 100) await items.doc(`d${i}`).remove();
  await closeLocalDatabase(db);
  const lines = fs.readFileSync(path.join(pristine, 'items.db'), 'utf8').trim().split('\n').length;
  expect(lines).toBeGreaterThan(4 * DOCS);

  for (const afterMs of [0, 30, 80, 110, 130, 150, 170, 200, 250, 400, 700]) {
    const work = freshDir();
    fs.cpSync(pristine, work, { recursive: true });
    await loadAndKill(work, afterMs);
    const reopened = createLocalDatabase({ dir: work });
    const col = reopened.collection('items');
    expect((await col.count()).total).toBe(DOCS - DOCS / 100);
    expect((await col.where({ v: 3 }).count()).total).toBe(DOCS - DOCS / 100);
    expect((await col.doc('d1').get()).data).toEqual({ _id: 'd1', v: 3, text: '楼道灯坏了好几天了'.repeat(20) });
    await expect(col.doc('d100').get()).rejects.toThrow(/does not exist/);
    await closeLocalDatabase(reopened);
  }
});
