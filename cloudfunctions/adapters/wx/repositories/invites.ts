/** Invite codes on the WeChat Cloud database, _id = the code. */
import type { Invite } from '../../../core/admin';
import type { Invites } from '../../../core/ports';
import { COLLECTIONS } from '../collections';
import type { Database, Doc } from '../db-types';
import { addOnce, type Actor } from './shared';

function docToInvite(d: Doc): Invite {
  return {
    code: d._id,
    role: d.role as Invite['role'],
    groupId: (d.groupId as string | null) ?? null,
    expiresAt: new Date(d.expiresAt as Date),
    createdBy: d.createdBy as Actor,
    usedBy: (d.usedBy as Actor | null) ?? null,
    usedAt: d.usedAt ? new Date(d.usedAt as Date) : null,
    voided: Boolean(d.voided),
  };
}

/** Invite codes, _id = the code. */
export class InvitesWxDb implements Invites {
  constructor(private readonly db: Database) {}
  private get col() {
    return this.db.collection(COLLECTIONS.invites);
  }
  async add(inv: Invite): Promise<boolean> {
    const { code, ...rest } = inv;
    return addOnce(this.col, code, { ...rest, createdAt: this.db.serverDate() }, () => this.ofCode(code));
  }
  async ofCode(code: string): Promise<Invite | null> {
    const res = await this.col.where({ _id: code }).limit(1).get();
    return res.data[0] ? docToInvite(res.data[0]) : null;
  }
  async redeem(code: string, by: Actor, now: Date): Promise<boolean> {
    const res = await this.col
      .where({ _id: code, usedBy: null, voided: false, expiresAt: this.db.command.gt(now) })
      .update({ data: { usedBy: this.db.command.set(by), usedAt: now } });
    return res.stats.updated === 1;
  }
  async void(code: string): Promise<boolean> {
    const res = await this.col.where({ _id: code, usedBy: null }).update({ data: { voided: true } });
    return res.stats.updated === 1 || Boolean((await this.ofCode(code))?.voided);
  }
  async recent(limit: number): Promise<Invite[]> {
    const res = await this.col.orderBy('createdAt', 'desc').limit(limit).get();
    return res.data.map(docToInvite);
  }
}
