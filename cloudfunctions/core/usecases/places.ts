/**
 * 地点码 use cases: the admin makes (or reuses) the codes and images of a compound's buildings for stairwell
 * posters; any signed-in caller resolves a scanned code to its place for the report page.
 */
import type { PlaceCodeView, ScannedPlace } from '../../../types/domain';
import { configOf } from '../admin';
import type { Person } from '../community';
import { InvalidInputError, NotSignedInError, PlaceCodeUnknownError } from '../errors';
import { authorize } from '../permissions';
import type { PlaceCode } from '../places';
import {
  PLACE_CODE_GONE,
  PLACE_CODE_PAGE,
  isPlaceCode,
  normalizePlaceCode,
  placeCodeImagePath,
  posterRequestProblems,
  postersOf,
  resolvePlace,
  sceneOf,
} from '../places';
import type { Deps } from '../ports';
import { actorOf, loadCommunity } from './shared';

/** Tries before giving up on a free code (31^7 codes: a clash is already rare). */
const CODE_TRIES = 5;

/** The live code of a place, made when it has none. */
async function codeFor(deps: Deps, me: Person, compoundId: string, building: string, unit: string, now: Date): Promise<PlaceCode> {
  const existing = await deps.places.ofPlace(compoundId, building, unit);
  if (existing) return existing;
  for (let i = 0; i < CODE_TRIES; i++) {
    const p: PlaceCode = { code: deps.ids.placeCode(), compoundId, building, unit, retired: false, createdAt: now, createdBy: actorOf(me) };
    if (await deps.places.add(p)) return p;
  }
  throw new Error('no free place code after several tries');
}

/**
 * Make the codes and images of a compound's posters. Everything is checked before anything is written; a place
 * that has a code keeps it (printed posters stay right), its image is made again (the same code, the same picture).
 */
export async function makePlaceCodes(
  deps: Deps,
  person: Person | null,
  req: { compoundId: string; buildings: string[]; units?: string[] },
): Promise<{ compoundId: string; compoundName: string; officePhone: string; codes: PlaceCodeView[] }> {
  const stored = await deps.community.current();
  const now = deps.clock.now();
  authorize(person, 'administer', { community: stored, now });
  const community = await loadCommunity(deps);
  const units = req.units ?? [];
  const problems = posterRequestProblems(community, req.compoundId, req.buildings, units);
  if (problems.length > 0) throw new InvalidInputError(problems.join('；'));
  const compound = configOf(community).compounds.find((c) => c.id === req.compoundId)!;
  const made: Array<{ code: PlaceCode; fileID: string }> = [];
  for (const { building, unit } of postersOf(req.buildings, units)) {
    const code = await codeFor(deps, person, compound.id, building, unit, now);
    const png = await deps.placeImages.make(sceneOf(code.code), PLACE_CODE_PAGE);
    made.push({ code, fileID: await deps.files.upload(placeCodeImagePath(code.code), png) });
  }
  const urls = await deps.files.urls(made.map((m) => m.fileID));
  await deps.audit.add({
    at: now,
    by: actorOf(person),
    action: '生成地点二维码',
    target: `compound/${compound.id}`,
    before: null,
    after: made.map((m) => ({ code: m.code.code, building: m.code.building, unit: m.code.unit })),
  });
  return {
    compoundId: compound.id,
    compoundName: compound.name,
    officePhone: community.officePhone,
    codes: made.map((m, i) => ({ code: m.code.code, building: m.code.building, unit: m.code.unit, imageUrl: urls[i] ?? '' })),
  };
}

/** A scanned code's place, for any signed-in caller; unknown, retired or of a removed compound → PLACE_CODE_UNKNOWN. */
export async function scannedPlace(deps: Deps, person: Person | null, raw: string): Promise<ScannedPlace> {
  if (!person) throw new NotSignedInError();
  const code = normalizePlaceCode(raw);
  if (!isPlaceCode(code)) throw new PlaceCodeUnknownError(PLACE_CODE_GONE);
  const [stored, community] = await Promise.all([deps.places.ofCode(code), loadCommunity(deps)]);
  const resolved = resolvePlace(stored, community);
  if (!resolved) throw new PlaceCodeUnknownError(PLACE_CODE_GONE);
  return { code, ...resolved };
}

/**
 * Retire a 地点码 (admin): a torn-down poster, or one put up in the wrong place. Scanning it then opens the normal
 * form with 「这个二维码已经不用了…」, and the next posters of its place get a new code. One conditional write; a
 * second retire (or two at once) changes nothing and says so (`retiredNow: false`); only a real change is audited.
 */
export async function retirePlaceCode(deps: Deps, person: Person | null, code: string): Promise<{ code: string; place: string; retiredNow: boolean }> {
  const stored = await deps.community.current();
  const now = deps.clock.now();
  authorize(person, 'administer', { community: stored, now });
  const found = await deps.places.ofCode(code);
  if (!found) throw new PlaceCodeUnknownError('没有这个地点码，请照海报下面印的7位码再看一下');
  const compound = configOf(await loadCommunity(deps)).compounds.find((c) => c.id === found.compoundId);
  const place = [compound?.name ?? '（已删除的小区）', found.building, found.unit].filter(Boolean).join(' ');
  const retiredNow = await deps.places.retire(found.code, now, actorOf(person));
  if (retiredNow)
    await deps.audit.add({
      at: now,
      by: actorOf(person),
      action: '停用地点二维码',
      target: `placecode/${found.code}`,
      before: { code: found.code, place, retired: false },
      after: { code: found.code, place, retired: true },
    });
  return { code: found.code, place, retiredNow };
}
