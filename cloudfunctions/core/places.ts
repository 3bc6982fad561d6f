/**
 * 地点码: a short stable code per place (compound, building, optional unit), printed as a QR code on a stairwell
 * poster. The code is stored with the compound's id (never its name), so renaming a compound keeps printed posters
 * working; a retired code, or one whose compound was removed, falls back to the normal report form.
 * Pure: no Taro, wx-server-sdk, qrcode or adapter.
 */
import type { Place } from '../../types/domain';
import { PLACE_LIMITS } from '../../types/limits';
import type { Actor } from './Case';
import type { CommunityConfig } from './community';

/** Letters and digits that cannot be mistaken for each other when read or printed small (no 0/O, 1/I/L). */
export const PLACE_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const PLACE_CODE_LENGTH = 7;

/** Most buildings, units and posters one request may make (one function call must finish in time). */
export const PLACE_CODE_LIMITS = { buildings: 30, units: 30, posters: 60 } as const;

/** The words a resident reads when a scanned code is unknown or retired (the report form opens as usual). */
export const PLACE_CODE_GONE = '这个二维码已经不用了，请选一下您住在哪里';

/** A stored place code. */
export interface PlaceCode {
  code: string;
  compoundId: string;
  building: string;
  /** '' for a whole building's poster. */
  unit: string;
  /** Retired codes no longer fill in a place. */
  retired: boolean;
  createdAt: Date;
  createdBy: Actor;
}

/** A new random code, `randomInt(n)` giving 0 ≤ i < n. */
export function newPlaceCode(randomInt: (n: number) => number): string {
  let s = '';
  for (let i = 0; i < PLACE_CODE_LENGTH; i++) s += PLACE_CODE_ALPHABET[randomInt(PLACE_CODE_ALPHABET.length)];
  return s;
}

/** Characters WeChat allows in wxacode.getUnlimited's `scene` (≤ 32 of them). */
const SCENE_CHARS = /^[A-Za-z0-9!#$&'()*+,/:;=?@._~-]{1,32}$/;

/** Whether `s` may be a mini-program code's `scene`. */
export function isValidScene(s: string): boolean {
  return SCENE_CHARS.test(s);
}

/** The `scene` of a place code's mini-program code (and the H5 URL's `scene` parameter): the code itself. */
export function sceneOf(code: string): string {
  if (!isPlaceCode(code) || !isValidScene(code)) throw new Error(`not a place code: ${code}`);
  return code;
}

/** A scanned scene (already URL-decoded) as a code: trimmed, upper case. */
export function normalizePlaceCode(s: string): string {
  return s.trim().toUpperCase();
}

export function isPlaceCode(s: string): boolean {
  if (s.length !== PLACE_CODE_LENGTH) return false;
  for (const ch of s) if (!PLACE_CODE_ALPHABET.includes(ch)) return false;
  return true;
}

/** A building or unit as stored and compared: trimmed, inner runs of spaces made one. */
export function normalizePlacePart(s: string): string {
  return s.trim().replace(/\s+/g, ' ');
}

/** The posters asked for: every building (× every unit when units are given), duplicates dropped, in order. */
export function postersOf(buildings: string[], units: string[]): Array<{ building: string; unit: string }> {
  const bs = unique(buildings.map(normalizePlacePart).filter(Boolean));
  const us = unique(units.map(normalizePlacePart).filter(Boolean));
  const out: Array<{ building: string; unit: string }> = [];
  for (const building of bs) {
    if (us.length === 0) out.push({ building, unit: '' });
    else for (const unit of us) out.push({ building, unit });
  }
  return out;
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)];
}

/** Every problem of a poster request, in Chinese; empty when it may be made. */
export function posterRequestProblems(config: CommunityConfig, compoundId: string, buildings: string[], units: string[]): string[] {
  const problems: string[] = [];
  if (!config.compounds.some((c) => c.id === compoundId)) problems.push('请选择小区');
  const bs = buildings.map(normalizePlacePart).filter(Boolean);
  const us = units.map(normalizePlacePart).filter(Boolean);
  if (bs.length === 0) problems.push('请至少填一个楼幢，例如 1幢,2幢');
  if (bs.length > PLACE_CODE_LIMITS.buildings) problems.push(`一次最多${PLACE_CODE_LIMITS.buildings}个楼幢`);
  if (us.length > PLACE_CODE_LIMITS.units) problems.push(`一次最多${PLACE_CODE_LIMITS.units}个单元`);
  if (bs.some((b) => b.length > PLACE_LIMITS.building)) problems.push(`楼幢最多${PLACE_LIMITS.building}个字`);
  if (us.some((u) => u.length > PLACE_LIMITS.unit)) problems.push(`单元最多${PLACE_LIMITS.unit}个字`);
  const posters = Math.max(1, new Set(bs).size) * Math.max(1, new Set(us).size);
  if (problems.length === 0 && posters > PLACE_CODE_LIMITS.posters) problems.push(`一次最多做${PLACE_CODE_LIMITS.posters}张，请分几次做`);
  return problems;
}

/** What a scanned code fills in: the place and the compound's current name; null for an unknown or retired code. */
export function resolvePlace(stored: PlaceCode | null, config: CommunityConfig): { place: Place; compoundName: string } | null {
  if (!stored || stored.retired) return null;
  const compound = config.compounds.find((c) => c.id === stored.compoundId);
  if (!compound) return null;
  return { place: { compoundId: stored.compoundId, building: stored.building, unit: stored.unit }, compoundName: compound.name };
}

/** Where a code's image is stored. */
export const placeCodeImagePath = (code: string): string => `placecodes/${code}.png`;

/** The mini-program page a code opens. */
export const PLACE_CODE_PAGE = 'pages/report/index';
