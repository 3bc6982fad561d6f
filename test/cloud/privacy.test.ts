/**
 * Privacy through the local cloud (the bundled functions over HTTP): a resident files a private case (邻里纠纷) in a
 * duty hour; the duty group's members see that it exists, and nothing of who filed it, until one of them claims it.
 * Photos go into the uploader's own storage folder only.
 */
import type { CaseSummary, CaseView, DutyView, MeView } from '../../types/domain';
import { DEMO, DUTY_HOUR, cloudForFile, ok } from '../support/local-cloud';

const cloud = cloudForFile({ now: DUTY_HOUR, timers: false });
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 1)]);
const upload = (cloudPath: string, openid: string) =>
  fetch(`${cloud.url}__storage/upload?cloudPath=${encodeURIComponent(cloudPath)}`, {
    method: 'POST',
    headers: { 'content-type': 'image/jpeg', 'x-local-openid': openid },
    body: new Uint8Array(JPEG),
  });
const dispute = {
  categoryId: 'dispute',
  description: '楼上邻居天天半夜吵闹，说了也不听',
  place: { compoundId: 'hongqiao', building: '9幢', unit: '1单元602' },
};

describe('a private case through the local cloud', () => {
  it('the duty group sees no trace of the resident until one of them claims it; then the holder sees it all', async () => {
    const me = ok(await cloud.call<MeView>('session', 'me', {}, DEMO.zhang));
    expect(me.name).toBeTruthy();
    const photo = await upload(`photos/${DEMO.zhang}/20261126-0a1b2c3d.jpg`, DEMO.zhang);
    expect(photo.status).toBe(200);
    const { fileID } = (await photo.json()) as { fileID: string };

    const filed = ok(await cloud.call<CaseView>('cases', 'submit', { ...dispute, photos: [fileID] }, DEMO.zhang));
    expect(filed).toMatchObject({ redacted: false, residentName: me.name, routing: { target: 'studio', groupId: 'g2' } });
    expect(filed.timeline[0].by?.id).toBe(DEMO.zhang);

    const secrets = [DEMO.zhang, me.name, '13812345678', '邻居', '9幢', '1单元602'];
    const leaks = (x: unknown) => secrets.filter((s) => JSON.stringify(x).includes(s));

    // Every member of the group on duty (陆建国 and 王思瑛 among them) gets the case, and it says nothing of her.
    for (const member of [DEMO.lu, DEMO.wang]) {
      const seen = ok(await cloud.call<CaseView>('cases', 'get', { caseId: filed.id }, member));
      expect(seen).toMatchObject({ redacted: true, residentName: '（隐私）', contactPhone: '', photos: [], can: { claim: true } });
      expect(seen.timeline[0]).toMatchObject({ kind: 'submitted', by: null });
      expect(leaks(seen)).toEqual([]);
      const board = ok(await cloud.call<{ duty: DutyView; pool: CaseSummary[] }>('cases', 'dutyBoard', {}, member));
      const row = board.pool.find((c) => c.id === filed.id);
      expect(row).toBeDefined();
      expect(leaks(row)).toEqual([]);
    }

    // 陆建国 claims it: now he sees who, how to reach her, and the photo (once WeChat's content check passed it).
    await cloud.get('/__wx/pushes?settle=1');
    ok(await cloud.call('cases', 'claim', { caseId: filed.id }, DEMO.lu));
    const held = ok(await cloud.call<CaseView>('cases', 'get', { caseId: filed.id }, DEMO.lu));
    expect(held).toMatchObject({ redacted: false, residentName: me.name, contactPhone: '13812345678', description: dispute.description, place: dispute.place });
    expect(held.timeline[0].by).toEqual({ id: DEMO.zhang, name: me.name });
    expect(held.photos).toHaveLength(1);
    expect((await fetch(held.photos[0])).status).toBe(200);

    // His colleague still sees only that 陆建国 took it.
    const colleague = ok(await cloud.call<CaseView>('cases', 'get', { caseId: filed.id }, DEMO.wang));
    expect(colleague.redacted).toBe(true);
    expect(leaks(colleague)).toEqual([]);
    expect(colleague.holder?.id).toBe(DEMO.lu);

    // The office sees everything.
    const office = ok(await cloud.call<CaseView>('cases', 'get', { caseId: filed.id }, DEMO.office));
    expect(office).toMatchObject({ redacted: false, residentName: me.name });
  });

  it('another resident cannot upload into her photo folder (403)', async () => {
    const res = await upload(`photos/${DEMO.zhang}/20261126-ffff.jpg`, DEMO.li);
    expect(res.status).toBe(403);
    expect(((await res.json()) as { errMsg: string }).errMsg).toContain('自己的文件夹');
    expect((await upload(`photos/${DEMO.li}/20261126-ffff.jpg`, DEMO.li)).status).toBe(200);
  });
});
