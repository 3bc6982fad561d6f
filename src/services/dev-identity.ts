/**
 * H5 local mode only: which demo identity the role switcher picked. WeChat supplies identity in production; this
 * exists so one browser can act as a resident, a duty member or the office.
 */
const KEY = 'gk.devOpenid';

export interface DevIdentity {
  openid: string;
  name: string;
  role: string;
  /** e.g. "第二组" for members, "南河头小区" for residents. */
  note: string;
}

/** The picked identity's openid, or null before anyone is picked. */
export function currentDevOpenid(): string | null {
  if (typeof localStorage === 'undefined') return null;
  return localStorage.getItem(KEY);
}

/** Act as `openid` from now on (persists across reloads). */
export function setDevOpenid(openid: string): void {
  localStorage.setItem(KEY, openid);
}

/** Demo identities the local cloud seeded. */
export async function fetchDevIdentities(): Promise<DevIdentity[]> {
  const res = await fetch('/__dev/identities');
  const body = (await res.json()) as { identities: DevIdentity[] };
  return body.identities;
}
