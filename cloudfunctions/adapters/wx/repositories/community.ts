/** The community configuration on the WeChat Cloud database: one record, read through the warm instance's cache. */
import type { CommunityConfig } from '../../../core/community';
import type { Community } from '../../../core/ports';
import { COLLECTIONS, COMMUNITY_CONFIG_ID } from '../collections';
import type { ConfigCache } from '../config-cache';
import type { Database } from '../db-types';

/** The community configuration record (groups, rota, categories, compounds, templates, settings). */
export class CommunityWxDb implements Community {
  constructor(
    private readonly db: Database,
    private readonly cache: ConfigCache | null = null,
  ) {}
  /** The record: the configuration, and (until logged) the audit entry of its last change, `pendingAudit`. */
  async current(): Promise<CommunityConfig> {
    const cached = this.cache?.get();
    if (cached) return cached;
    const res = await this.db.collection(COLLECTIONS.config).doc(COMMUNITY_CONFIG_ID).get();
    const { _id: _ignored, ...config } = res.data;
    this.cache?.set(config as unknown as CommunityConfig);
    return config as unknown as CommunityConfig;
  }
  /** Replace the whole record in one write (a `pendingAudit` in `config` is written with it). */
  async save(config: CommunityConfig): Promise<void> {
    // The record read back carries its _id; a write must not.
    const { _id: _ignored, ...data } = config as CommunityConfig & { _id?: string };
    this.cache?.clear();
    await this.db.collection(COLLECTIONS.config).doc(COMMUNITY_CONFIG_ID).set({ data });
    this.cache?.clear();
  }
  /** Clear the pending audit entry `id` once it is logged: one conditional write (a newer change is left alone). */
  async clearPendingAudit(id: string): Promise<void> {
    this.cache?.clear();
    await this.db
      .collection(COLLECTIONS.config)
      .where({ _id: COMMUNITY_CONFIG_ID, 'pendingAudit.id': id })
      .update({ data: { pendingAudit: this.db.command.remove() } });
  }
}
