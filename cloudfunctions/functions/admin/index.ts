/** Cloud function `admin`: configuration, people and invite codes — admins only, every change audited. */
import { wxDeps } from '../../adapters/wx/deps';
import { caller } from '../../adapters/wx/sdk';
import { whoIs } from '../../core/usecases';
import { adminOverview, auditLog, createInvite, revokeRole, rotaPreview, saveConfigSection, updatePersonDetails, voidInvite } from '../../core/usecases/admin';
import { defineFunction } from '../../runtime/defineFunction';
import { schemas } from '../../runtime/schemas';

export const main = defineFunction('admin', () => ({ deps: wxDeps(), openid: caller().openid }), {
  overview: { input: schemas.empty, run: async ({ deps, openid }) => adminOverview(deps, await whoIs(deps, openid)) },
  saveConfig: { input: schemas.saveConfig, run: async ({ deps, openid }, req) => saveConfigSection(deps, await whoIs(deps, openid), req.section, req.value) },
  updatePerson: { input: schemas.updatePerson, run: async ({ deps, openid }, req) => updatePersonDetails(deps, await whoIs(deps, openid), req) },
  createInvite: {
    input: schemas.createInvite,
    run: async ({ deps, openid }, req) => createInvite(deps, await whoIs(deps, openid), req.role, req.groupId ?? null, req.days),
  },
  voidInvite: { input: schemas.voidInvite, run: async ({ deps, openid }, req) => voidInvite(deps, await whoIs(deps, openid), req.code) },
  revokeRole: { input: schemas.revokeRole, run: async ({ deps, openid }, req) => revokeRole(deps, await whoIs(deps, openid), req.personId, req.reason) },
  rotaPreview: { input: schemas.rotaPreview, run: async ({ deps, openid }, req) => rotaPreview(deps, await whoIs(deps, openid), req.days ?? 28) },
  audit: { input: schemas.auditPage, run: async ({ deps, openid }, req) => auditLog(deps, await whoIs(deps, openid), req.page ?? 0) },
});
