import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** A maker of fresh temporary folders named `prefix…`, all removed after the calling test file's tests. */
export function tempDirs(prefix: string): () => string {
  const made: string[] = [];
  afterAll(() => {
    for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    made.push(dir);
    return dir;
  };
}
