/** The local database in-process, seeded with the demo community and wrapped to count calls, for exact counts. */
import { depsOn } from '../../cloudfunctions/adapters/wx/compose';
import type { Database } from '../../cloudfunctions/adapters/wx/db-types';
import type { Deps } from '../../cloudfunctions/core/ports';
import type { ConfigCache } from '../../cloudfunctions/adapters/wx/config-cache';
import { countingDatabase } from '../../cloudfunctions/local-cloud/counting';
import { seedDemo } from '../../cloudfunctions/local-cloud/demo-data';
import { createLocalDatabase } from '../../cloudfunctions/local-cloud/sdk/database';

/** A fresh in-memory local database with the demo community, ports on it with a settable clock, and call counts. */
export async function localDeps(start: string, opts: { configCache?: ConfigCache } = {}) {
  const local = createLocalDatabase({ dir: null });
  await seedDemo(local);
  const counting = countingDatabase(local as unknown as Database);
  let now = new Date(start);
  const clock = { now: () => now, set: (iso: string | Date) => void (now = new Date(iso)) };
  const deps: Deps = depsOn(counting.db, {
    send: async () => ({ ok: true }),
    // Content security and storage are exercised through the local cloud; here every text passes.
    content: { text: async () => 'pass', imageAsync: async () => ({ traceId: 'local-db' }) },
    files: { urls: async (ids) => ids.map(() => '') },
    clock,
    configCache: opts.configCache,
  });
  return { deps, clock, counts: counting.counts, reset: counting.reset, local };
}
