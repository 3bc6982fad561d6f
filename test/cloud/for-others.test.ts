/**
 * 家人的地址 through the local cloud (issue 14 item 3: a son reports his mother's leak). Saving, changing and removing
 * places (bad or hostile input refused with a code, nothing written); a report for a saved place routed by that place;
 * the holder's view (whom to visit and call, the reporter's name and phone); the reporter hears every step (the
 * resolve message in the message centre and WeChat's outbox) and nobody else does; another resident cannot use the
 * place's id; a private case tells the pool nothing; the 通报's Excel file names neither the reporter nor the person.
 */
import ExcelJS from 'exceljs';
import type { CaseView, MeView, MessageView, SavedPlace, ReportListItem } from '../../types/domain';
import { DEMO, cloudForFile, codeOf, ok } from '../support/local-cloud';

const T26 = '2026-11-26T10:00:00+08:00'; // group 2 on duty: 王思瑛 stewards 虹桥, 陆建国 湖滨
const RESOLVED = 'LOCAL_TMPL_CASE_RESOLVED';
const PROGRESS = 'LOCAL_TMPL_CASE_PROGRESS';
const cloud = cloudForFile({ now: T26, timers: false });
/** 李大伯 is the son here: he lives in 虹桥新村, his parents in 湖滨花园. */
const SON = DEMO.li;
const parents = { label: '我父母家', place: { compoundId: 'hubin', building: '5幢', unit: '101' }, name: '王大伯', phone: '13800005678' };
const leak = { categoryId: 'repair', description: '我妈家厨房水管漏水了', place: { compoundId: 'hongqiao', building: '2幢', unit: '302' } };
const me = async (who: string) => ok(await cloud.call<MeView>('session', 'me', {}, who));
const save = (payload: unknown, who = SON) => cloud.call<{ savedPlaces: SavedPlace[] }>('session', 'savePlace', payload as object, who);
const messagesOf = async (openid: string) => ok(await cloud.call<{ items: MessageView[] }>('messages', 'list', {}, openid)).items;
const outboxTo = async (openid: string) =>
  (await cloud.get<{ messages: Array<{ templateId: string; page: string }> }>(`/__wx/outbox?touser=${openid}`)).messages;

let placeId = '';

describe('saving places', () => {
  it('adds, changes and removes the caller’s own places; MeView shows them to the caller only', async () => {
    const first = ok(await save(parents)).savedPlaces;
    expect(first).toEqual([{ id: expect.any(String), ...parents }]);
    placeId = first[0].id;
    const extra = ok(await save({ ...parents, label: '老房子', name: '王阿姨' })).savedPlaces;
    expect(extra.map((p) => p.label)).toEqual(['我父母家', '老房子']);
    const changed = ok(await save({ id: extra[1].id, ...parents, label: '外婆家', phone: '0571-87654321' })).savedPlaces;
    expect(changed[1]).toMatchObject({ id: extra[1].id, label: '外婆家', phone: '0571-87654321' });
    expect(ok(await cloud.call<{ savedPlaces: SavedPlace[] }>('session', 'removePlace', { id: extra[1].id }, SON)).savedPlaces).toEqual(first);
    expect((await me(SON)).savedPlaces).toEqual(first);
    expect((await me(DEMO.zhang)).savedPlaces).toEqual([]);
    expect((await me(DEMO.lu)).savedPlaces).toEqual([]);
  });

  it('refuses bad and hostile input with a code and writes nothing', async () => {
    const before = (await me(SON)).savedPlaces;
    const cases: Array<[unknown, string, string?]> = [
      [{ ...parents, label: '' }, 'INVALID_INPUT'],
      [{ ...parents, label: '我父母在杭州的老房子家' }, 'INVALID_INPUT'], // 11 characters
      [{ ...parents, name: '王'.repeat(21) }, 'INVALID_INPUT'],
      [{ ...parents, phone: '12345' }, 'INVALID_INPUT'],
      [{ ...parents, phone: '' }, 'INVALID_INPUT'],
      [{ ...parents, place: { ...parents.place, building: '' } }, 'INVALID_INPUT'],
      [{ ...parents, place: { ...parents.place, compoundId: 'nowhere' } }, 'UNKNOWN_COMPOUND'],
      [{ ...parents, place: { $gt: '' } }, 'INVALID_INPUT'],
      [{ ...parents, name: { $ne: null } }, 'INVALID_INPUT'],
      [{ ...parents, $set: { role: 'admin' } }, 'INVALID_INPUT'],
      [{ ...parents, openid: DEMO.zhang }, 'INVALID_INPUT'],
      [{ ...parents, id: { $exists: true } }, 'INVALID_INPUT'],
      [{ ...parents, id: 'sp-not-mine' }, 'SAVED_PLACE_NOT_FOUND'],
      [{ ...parents, id: placeId }, 'SAVED_PLACE_NOT_FOUND', DEMO.zhang], // 李大伯's id, sent by 张阿姨
      [parents, 'FORBIDDEN', DEMO.lu], // staff keep no places
      [parents, 'NOT_SIGNED_IN', ''],
    ];
    for (const [payload, code, who] of cases) expect([payload, codeOf(await save(payload, who ?? SON))]).toEqual([payload, code]);
    for (const [payload, code] of [
      [{ id: 'sp-not-mine' }, 'SAVED_PLACE_NOT_FOUND'],
      [{ id: { $ne: '' } }, 'INVALID_INPUT'],
      [{}, 'INVALID_INPUT'],
    ] as const)
      expect(codeOf(await cloud.call('session', 'removePlace', payload, SON))).toBe(code);
    expect(codeOf(await cloud.call('session', 'removePlace', { id: placeId }, DEMO.zhang))).toBe('SAVED_PLACE_NOT_FOUND');
    expect((await me(SON)).savedPlaces).toEqual(before);
    expect((await me(DEMO.zhang)).savedPlaces).toEqual([]);
    // Five at most.
    for (let i = 0; i < 4; i++) ok(await save({ ...parents, label: `地址${i}` }));
    expect(codeOf(await save({ ...parents, label: '第六个' }))).toBe('SAVED_PLACES_FULL');
    const five = (await me(SON)).savedPlaces;
    expect(five).toHaveLength(5);
    for (const p of five.slice(1)) ok(await cloud.call('session', 'removePlace', { id: p.id }, SON));
    expect((await me(SON)).savedPlaces).toEqual(before);
  });
});

describe('reporting for a saved place', () => {
  let caseId = '';

  it('is routed by the saved place and records whom it is for; the reporter keeps their own last place', async () => {
    await cloud.post('/__wx/requestSubscribeMessage', { result: { [RESOLVED]: 'accept', [PROGRESS]: 'accept' } }, SON);
    const lastBefore = (await me(SON)).lastPlace;
    const v = ok(
      await cloud.call<CaseView>(
        'cases',
        'submit',
        { ...leak, contactPhone: '13912345678', forPlaceId: placeId, subscriptions: { [RESOLVED]: 'accept', [PROGRESS]: 'accept' } },
        SON,
      ),
    );
    caseId = v.id;
    expect(v).toMatchObject({
      placeText: '湖滨花园 5幢 101',
      routing: { groupName: '第二组' },
      filedFor: { name: '王大伯', phone: '13800005678', label: '我父母家' },
      reporterContact: { name: '李大伯', phone: '13912345678' },
    });
    expect(v.timeline[0].text).toBe('李大伯帮王大伯反映（我父母家）');
    expect((await me(SON)).lastPlace).toEqual(lastBefore);
    // 湖滨花园's steward is 陆建国 (not 虹桥's 王思瑛): the case is his group's, preferred to him.
    expect(ok(await cloud.call<CaseView>('cases', 'get', { caseId }, DEMO.lu)).preferred).toBe(true);
  });

  it('the holder sees whom to visit and call, and the reporter with their phone; the pool sees them masked', async () => {
    const asPool = ok(await cloud.call<CaseView>('cases', 'get', { caseId }, DEMO.wang));
    expect(asPool).toMatchObject({
      filedFor: { name: '王大伯', phone: '138****5678' },
      reporterContact: { name: '李大伯', phone: '139****5678' },
      canCall: false,
    });
    const asHolder = ok(await cloud.call<CaseView>('cases', 'claim', { caseId }, DEMO.lu));
    expect(asHolder).toMatchObject({
      place: parents.place,
      residentName: '王大伯',
      contactPhone: '13800005678',
      filedFor: { name: '王大伯', phone: '13800005678', label: '我父母家' },
      reporterContact: { name: '李大伯', phone: '13912345678' },
      canCall: true,
    });
  });

  it('the reporter gets the resolve message (message centre and WeChat); nobody else is sent anything about it', async () => {
    const everyoneBefore = new Set((await messagesOf(DEMO.zhang)).map((m) => m.id));
    ok(await cloud.call('cases', 'resolve', { caseId, note: '换了水管接头，不漏了' }, DEMO.lu));
    const mine = (await messagesOf(SON)).filter((m) => m.caseId === caseId);
    expect(mine.map((m) => m.title)).toEqual(expect.arrayContaining(['您反映的事已经办好了', '书记正在办您反映的事']));
    expect((await outboxTo(SON)).map((m) => m.templateId)).toEqual(expect.arrayContaining([RESOLVED, PROGRESS]));
    // Nothing for the person at the place (no openid at all) nor any other resident.
    expect((await messagesOf(DEMO.zhang)).filter((m) => !everyoneBefore.has(m.id) && m.caseId === caseId)).toEqual([]);
    const answer = ok(await cloud.call<CaseView>('cases', 'get', { caseId }, SON));
    expect(answer).toMatchObject({ status: 'resolved', resolution: { note: '换了水管接头，不漏了' } });
  });

  it('another resident cannot report with the id; a removed place cannot be reported for', async () => {
    const r = await cloud.call<CaseView>('cases', 'submit', { ...leak, forPlaceId: placeId }, DEMO.zhang);
    expect(r).toEqual({ ok: false, error: { code: 'SAVED_PLACE_NOT_FOUND', message: expect.stringMatching(/地址/) } });
    expect(codeOf(await cloud.call('cases', 'submit', { ...leak, forPlaceId: { $ne: '' } }, SON))).toBe('INVALID_INPUT');
    const temp = ok(await save({ ...parents, label: '临时' })).savedPlaces.at(-1)!;
    ok(await cloud.call('session', 'removePlace', { id: temp.id }, SON));
    expect(codeOf(await cloud.call('cases', 'submit', { ...leak, forPlaceId: temp.id }, SON))).toBe('SAVED_PLACE_NOT_FOUND');
  });

  it('a private case: the pool learns nothing of the reporter or the person at the place', async () => {
    const v = ok(
      await cloud.call<CaseView>(
        'cases',
        'submit',
        { categoryId: 'dispute', description: '楼上邻居天天半夜吵闹', place: leak.place, forPlaceId: placeId },
        SON,
      ),
    );
    const asPool = ok(await cloud.call<CaseView>('cases', 'get', { caseId: v.id }, DEMO.wang));
    const json = JSON.stringify(asPool);
    for (const secret of ['王大伯', '13800005678', '李大伯', '13912345678', '5678', SON, '我父母家', '5幢', '101']) expect(json).not.toContain(secret);
    expect(asPool).toMatchObject({ redacted: true, filedFor: null, reporterContact: null });
    expect(ok(await cloud.call<CaseView>('cases', 'get', { caseId: v.id }, DEMO.office))).toMatchObject({
      filedFor: { name: '王大伯' },
      reporterContact: { name: '李大伯' },
    });
  });

  it('the 通报’s Excel file lists the case without the reporter’s or the person’s name, phone or label', async () => {
    ok(await cloud.call<ReportListItem>('office', 'makeReport', { from: '2026-11-26', to: '2026-11-26' }, DEMO.office));
    const { url } = ok(await cloud.call<{ url: string }>('office', 'reportFile', { id: 'range_2026-11-26_2026-11-26', file: 'xlsx' }, DEMO.office));
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await (await fetch(url)).arrayBuffer());
    const rows: string[] = [];
    book.getWorksheet('事项')!.eachRow((row) => rows.push((row.values as unknown[]).map((v) => String(v ?? '')).join('|')));
    const code = ok(await cloud.call<CaseView>('cases', 'get', { caseId }, SON)).code;
    expect(rows.some((r) => r.includes(code))).toBe(true);
    for (const secret of ['王大伯', '13800005678', '5678', '李大伯', '我父母家']) expect(rows.join('\n')).not.toContain(secret);
  });
});
