/**
 * Contract of the Cases port's 志愿服务记录 reads (serviceCounts, serviceActs): the in-memory fake and the adapter on
 * the local database (one aggregation over `actorIds`, unwinding the timeline) count and list the same acts.
 */
import type { Case } from '../../cloudfunctions/core/Case';
import { answerFollowUp, askFollowUp, callBackDue, claim, escalate, openFollowUp, resolve, takeCallBack } from '../../cloudfunctions/core/Case';
import type { PortsFactory } from './support';
import { IMPLEMENTATIONS, aCase, at, freshPorts, lu, resident, wang } from './support';

const noDue = { resolveDueAt: null, officeExpectedBy: null };
const claimed = (c: Case, who = wang, minutes = 10) => claim(c, who, at(minutes), null);
const timing = { askAfterMinutes: 60, callAfterDays: 1 };

/** A case `who` claimed at `m + 1` and resolved at `m + 2`, its 回访 open. */
const resolvedBy = (id: string, m: number, who = wang, reporter = resident) =>
  openFollowUp(resolve(claimed(aCase(id, m, { reporter }), who, m + 1), who, '修好了', at(m + 2)), at(m + 2), timing);

export function serviceContract(make: PortsFactory) {
  const p = freshPorts(make);

  beforeEach(async () => {
    // Before the window: 王思瑛 claimed a case at −50.
    await p.cases.add(claimed(aCase('old', -60), wang, -50));
    // In the window [0, 5000): a resolved case (认领 + 办结), a claimed one, one escalated (its 认领 counts, the 上报 not).
    await p.cases.add(resolvedBy('done', 0));
    await p.cases.add(claimed(aCase('held', 20), wang, 30));
    await p.cases.add(escalate(claimed(aCase('raised', 40), wang, 41), { by: wang, trigger: 'manual', reason: '要社区协调' }, at(42), null));
    // A case 陆建国 resolved whose call-back 王思瑛 took and recorded: a 回访 call.
    const lus = resolvedBy('lus', 100, lu);
    const calling = callBackDue(askFollowUp(lus, at(162)), at(162 + 1440));
    await p.cases.add(
      answerFollowUp(takeCallBack(calling, wang, at(2000)), wang, { solved: true, satisfaction: 'satisfied', comment: '' }, 'call', at(2001), noDue),
    );
    // A case 王思瑛 reported herself, resolved by 陆建国: her own 回访 answer is no call.
    const own = resolvedBy('own', 200, lu, wang);
    await p.cases.add(answerFollowUp(own, wang, { solved: true, satisfaction: 'basic', comment: '' }, 'resident', at(300), noDue));
  });

  it('counts the member’s 认领, 办结 and 回访 calls in [from, to), nobody else’s', async () => {
    expect(await p.cases.serviceCounts('m-wang', at(0), at(5000))).toEqual({ claimed: 3, resolved: 1, call: 1 });
    expect(await p.cases.serviceCounts('m-lu', at(0), at(5000))).toEqual({ claimed: 2, resolved: 2, call: 0 });
    expect(await p.cases.serviceCounts('m-wang', at(-100), at(0))).toEqual({ claimed: 1, resolved: 0, call: 0 });
    // `to` is excluded, `from` included.
    expect(await p.cases.serviceCounts('m-wang', at(1), at(2001))).toEqual({ claimed: 3, resolved: 1, call: 0 });
    expect(await p.cases.serviceCounts('m-wang', at(5000), at(9000))).toEqual({ claimed: 0, resolved: 0, call: 0 });
    expect(await p.cases.serviceCounts('nobody', at(-100), at(9000))).toEqual({ claimed: 0, resolved: 0, call: 0 });
  });

  it('lists the acts oldest first with the case’s code and category, at most `limit`', async () => {
    const acts = await p.cases.serviceActs('m-wang', at(0), at(5000), 10);
    expect(acts.map((a) => [a.caseId, a.kind, a.at])).toEqual([
      ['done', 'claimed', at(1)],
      ['done', 'resolved', at(2)],
      ['held', 'claimed', at(30)],
      ['raised', 'claimed', at(41)],
      ['lus', 'call', at(2001)],
    ]);
    expect(acts[0]).toEqual({ at: at(1), caseId: 'done', code: 'DONE', categoryId: 'repair', kind: 'claimed' });
    expect(acts[0].at).toBeInstanceOf(Date);
    expect((await p.cases.serviceActs('m-wang', at(0), at(5000), 2)).map((a) => a.kind)).toEqual(['claimed', 'resolved']);
    expect(await p.cases.serviceActs('m-wang', at(5000), at(9000), 10)).toEqual([]);
  });
}

describe.each(IMPLEMENTATIONS)('Cases contract, 志愿服务记录: %s', (_name, make) => serviceContract(make));
