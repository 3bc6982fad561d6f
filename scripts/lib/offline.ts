/**
 * Keeping offline runs offline.
 *
 * `blockWeChatServers` is check-weapp's rule: miniprogram-ci asks servicewechat.com for an extension whitelist (and
 * falls back to its built-in list when that fails), so every request through its request module is answered with an
 * offline error before any DNS lookup happens. Unlike check-weapp it returns a function that puts the module back,
 * so a real deploy can compile offline first and upload afterwards.
 *
 * `guardNetwork` is a second fence for dry runs: any socket this process opens to a host other than the loopback
 * fails (and is counted) instead of connecting. It covers this process only, not child processes.
 */
import dns from 'dns';
import { createRequire } from 'module';
import net from 'net';

type RequestModule = Record<string, unknown>;

export function blockWeChatServers(): () => void {
  const requestModule = createRequire(__filename)('miniprogram-ci/dist/utils/request') as RequestModule;
  const saved = { request: requestModule.request, simpleRequest: requestModule.simpleRequest };
  const offline = async (opts: { url?: string }) => {
    throw new Error(`offline check: not contacting ${opts?.url ?? 'a WeChat server'}`);
  };
  requestModule.request = offline;
  requestModule.simpleRequest = offline;
  return () => {
    requestModule.request = saved.request;
    requestModule.simpleRequest = saved.simpleRequest;
  };
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '']);

/** Refuse every outbound connection from this process except to 127.0.0.1; `blocked` lists what was refused. */
export function guardNetwork(): { blocked: string[] } {
  const blocked: string[] = [];
  const connect = net.Socket.prototype.connect as (...args: unknown[]) => net.Socket;
  net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: unknown[]) {
    const first = args[0];
    let host = '';
    let isPipe = false;
    if (Array.isArray(first)) {
      // internal form: [options, callback]
      const o = (first[0] ?? {}) as { host?: string; path?: string };
      host = o.host ?? '';
      isPipe = o.path !== undefined;
    } else if (typeof first === 'object' && first !== null) {
      const o = first as { host?: string; path?: string };
      host = o.host ?? '';
      isPipe = o.path !== undefined;
    } else if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
      host = typeof args[1] === 'string' ? args[1] : '';
    } else if (typeof first === 'string') {
      isPipe = true;
    }
    if (!isPipe && !LOOPBACK.has(host)) {
      blocked.push(host);
      process.nextTick(() => this.destroy(new Error(`offline: refused a connection to ${host}`)));
      return this;
    }
    return connect.apply(this, args);
  } as typeof net.Socket.prototype.connect;

  const lookup = dns.lookup as (...args: unknown[]) => void;
  (dns as { lookup: unknown }).lookup = function guardedLookup(hostname: string, ...rest: unknown[]) {
    if (!LOOPBACK.has(hostname)) {
      blocked.push(hostname);
      const cb = rest[rest.length - 1];
      const err = Object.assign(new Error(`offline: refused to look up ${hostname}`), { code: 'ENOTFOUND' });
      if (typeof cb === 'function') process.nextTick(() => (cb as (e: Error) => void)(err));
      return;
    }
    lookup(hostname, ...rest);
  };
  const promisesLookup = dns.promises.lookup;
  (dns.promises as { lookup: unknown }).lookup = async (hostname: string, ...rest: unknown[]) => {
    if (!LOOPBACK.has(hostname)) {
      blocked.push(hostname);
      throw Object.assign(new Error(`offline: refused to look up ${hostname}`), { code: 'ENOTFOUND' });
    }
    return (promisesLookup as (...a: unknown[]) => unknown)(hostname, ...rest);
  };
  return { blocked };
}
