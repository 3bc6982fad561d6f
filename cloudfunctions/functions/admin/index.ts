/** Cloud function `admin`: configuration, people, invite codes and 地点码 (stairwell posters' QR codes) — admins only, every change audited. */
import { invocationWith } from '../../adapters/wx/invocation';
import { wxPlaceCodeImages } from '../../adapters/wx/place-code-images';
import { adminOverview, auditLog, createInvite, revokeRole, rotaPreview, saveConfigSection, updatePersonDetails, voidInvite } from '../../core/usecases/admin';
import { makePlaceCodes, retirePlaceCode } from '../../core/usecases/places';
import { defineFunction } from '../../runtime/defineFunction';
import { schemas } from '../../runtime/schemas';

export const main = defineFunction('admin', invocationWith({ placeImages: wxPlaceCodeImages }), {
  overview: { input: schemas.empty, run: ({ deps, me }) => adminOverview(deps, me) },
  saveConfig: { input: schemas.saveConfig, run: ({ deps, me }, req) => saveConfigSection(deps, me, req.section, req.value) },
  updatePerson: { input: schemas.updatePerson, run: ({ deps, me }, req) => updatePersonDetails(deps, me, req) },
  createInvite: { input: schemas.createInvite, run: ({ deps, me }, req) => createInvite(deps, me, req.role, req.groupId ?? null, req.days) },
  voidInvite: { input: schemas.voidInvite, run: ({ deps, me }, req) => voidInvite(deps, me, req.code) },
  revokeRole: { input: schemas.revokeRole, run: ({ deps, me }, req) => revokeRole(deps, me, req.personId, req.reason) },
  rotaPreview: { input: schemas.rotaPreview, run: ({ deps, me }, req) => rotaPreview(deps, me, req.days ?? 28) },
  placeCodes: { input: schemas.placeCodes, run: ({ deps, me }, req) => makePlaceCodes(deps, me, req) },
  retirePlaceCode: { input: schemas.retirePlaceCode, run: ({ deps, me }, req) => retirePlaceCode(deps, me, req.code) },
  audit: { input: schemas.auditPage, run: ({ deps, me }, req) => auditLog(deps, me, req.page ?? 0) },
});
