/** A claim tapped just after the SLA sweep sent the case up to the office (the read comes after the sweep's write). */
import { claimCase, submitCase, sweepOverdue } from '../../cloudfunctions/core/usecases';
import { aMember, aPerson, bj, fakeDeps } from '../fakes';

const zhang = aPerson({ id: 'r1', name: '张阿姨' });
const wang = aMember('m-wang', 'g2', '王思瑛', ['hongqiao']);
const gu = aMember('m-gu', 'g3', '顾秀兰');
// repair: claim within 30 duty minutes.
const pipe = { categoryId: 'repair', description: '水管爆裂一直漏水', place: { compoundId: 'hongqiao', building: '2幢', unit: '302' } };

describe('a claim tapped just after the sweep sent the case up', () => {
  it('tells a member of its pool’s group where it went; to anyone else it is not there', async () => {
    const deps = fakeDeps({ now: bj('2026-11-26 10:00'), people: [zhang, wang, gu] });
    const v = await submitCase(deps, zhang, pipe);
    deps.clock.set(bj('2026-11-26 10:31'));
    await sweepOverdue(deps);
    await expect(claimCase(deps, wang, v.id)).rejects.toMatchObject({ code: 'CASE_NOT_CLAIMABLE', message: '这件事已上报社区，由社区办公室处理' });
    await expect(claimCase(deps, gu, v.id)).rejects.toMatchObject({ code: 'CASE_NOT_FOUND' });
  });
});
