/**
 * The local cloud's inspector (issue 15): `GET /__inspector`, a plain page for the developer's laptop — collections
 * (browse, filter by a field, a document as JSON, edit or delete it through the database layer, each change in an
 * audit trail), subscription messages (the outbox with the template fields, credits per user and template, injected
 * errors), timers (cron, next fire time, last runs), the clock, the function log, storage with previews, identities
 * (act as one in the app) and snapshots. Local mode only: the local cloud serves it; it is no part of the weapp build
 * or of a deployed function.
 *
 * Its JSON API is under /__inspector/api/. Writes take only `content-type: application/json` from this origin (any
 * web page can send requests to 127.0.0.1, but not that without a CORS preflight, which this server never grants).
 */
import type http from 'http';
import { fireTimesBetween, formatUtc8 } from './cron';
import type { LocalPlatform } from './platform';
import type { FunctionRunner } from './runner';
import type { LocalDatabase } from './sdk/database';
import { collectionNames, decode, encode } from './snapshot';
import type { LocalStorage } from './storage';
import type { TimerScheduler } from './timers';

/** What the inspector reads, as the server has it now (a snapshot import replaces it). */
export interface InspectorContext {
  db: LocalDatabase;
  platformDb: LocalDatabase;
  dbDir: string;
  platformDir: string;
  platform: LocalPlatform;
  storage: LocalStorage;
  runner: FunctionRunner;
  timers: TimerScheduler;
  now(): number;
}

/** The platform collection holding the inspector's own audit trail (edits and deletions of documents). */
export const INSPECTOR_AUDIT = 'inspector_audit';
const PAGE_SIZE = 50;
const NAME = /^[A-Za-z0-9_-]{1,100}$/;

type Json = Record<string, unknown>;
type Send = (res: http.ServerResponse, status: number, body: unknown) => void;

class Refused extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function database(ctx: InspectorContext, which: unknown): { db: LocalDatabase; dir: string; name: 'app' | 'platform' } {
  if (which === 'platform') return { db: ctx.platformDb, dir: ctx.platformDir, name: 'platform' };
  if (which === undefined || which === null || which === 'app') return { db: ctx.db, dir: ctx.dbDir, name: 'app' };
  throw new Refused(400, 'db must be app or platform');
}

function collectionName(ctx: InspectorContext, which: { dir: string }, col: unknown): string {
  if (typeof col !== 'string' || !NAME.test(col)) throw new Refused(400, 'no such collection');
  if (!collectionNames(which.dir).includes(col)) throw new Refused(404, `no collection ${col}`);
  return col;
}

/** A filter value as typed: JSON when it parses (numbers, true/false, null, "quoted"), else the text itself. */
function filterValue(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

type Query = { where(c: Json): Query; skip(n: number): Query; limit(n: number): Query; get(): Promise<{ data: Json[] }>; count(): Promise<{ total: number }> };
type Collection = Query & { doc(id: string): { get(): Promise<{ data: Json }>; set(o: { data: Json }): Promise<unknown>; remove(): Promise<unknown> } };
const collection = (db: LocalDatabase, name: string) => (db as unknown as { collection(n: string): Collection }).collection(name);

async function one(db: LocalDatabase, col: string, id: string): Promise<Json | null> {
  const found = await collection(db, col).where({ _id: id }).limit(1).get();
  return found.data[0] ?? null;
}

async function audit(ctx: InspectorContext, entry: Json): Promise<void> {
  try {
    await (ctx.platformDb as unknown as { createCollection(n: string): Promise<unknown> }).createCollection(INSPECTOR_AUDIT);
  } catch {
    // exists already
  }
  await (collection(ctx.platformDb, INSPECTOR_AUDIT) as unknown as { add(o: { data: Json }): Promise<unknown> }).add({
    data: { at: new Date(ctx.now()), ...entry },
  });
}

async function api(ctx: InspectorContext, method: string, route: string, url: URL, body: () => Promise<Json>): Promise<unknown> {
  const q = (k: string) => url.searchParams.get(k) ?? undefined;
  if (method === 'GET' && route === 'collections') {
    const list = async (which: { db: LocalDatabase; dir: string }) =>
      Promise.all(collectionNames(which.dir).map(async (name) => ({ name, count: (await collection(which.db, name).count()).total })));
    return { app: await list(database(ctx, 'app')), platform: await list(database(ctx, 'platform')) };
  }
  if (method === 'GET' && route === 'docs') {
    const which = database(ctx, q('db'));
    const col = collectionName(ctx, which, q('col'));
    const field = q('field')?.trim();
    if (field && !/^[A-Za-z0-9_.]{1,100}$/.test(field)) throw new Refused(400, 'a field is letters, digits, _ and dots');
    const where: Json = field ? { [field]: filterValue(q('value') ?? '') } : {};
    const skip = Math.max(0, Math.min(100_000, Number(q('skip') ?? 0) || 0));
    const base = () => collection(which.db, col).where(where);
    const [total, page] = await Promise.all([base().count(), base().skip(skip).limit(PAGE_SIZE).get()]);
    return { total: total.total, skip, pageSize: PAGE_SIZE, docs: page.data.map(encode) };
  }
  if (method === 'POST' && (route === 'doc/save' || route === 'doc/delete')) {
    const b = await body();
    const which = database(ctx, b.db);
    const col = collectionName(ctx, which, b.col);
    if (typeof b.id !== 'string' || b.id.length === 0 || b.id.length > 200) throw new Refused(400, 'id is required');
    const before = await one(which.db, col, b.id);
    if (!before) throw new Refused(404, `no document ${b.id} in ${col}`);
    if (route === 'doc/delete') {
      await collection(which.db, col).doc(b.id).remove();
      await audit(ctx, { action: 'delete', db: which.name, col, id: b.id, before, after: null });
      return { deleted: b.id };
    }
    if (typeof b.doc !== 'object' || b.doc === null || Array.isArray(b.doc)) throw new Refused(400, 'doc must be a JSON object');
    let data: Json;
    try {
      data = decode(b.doc) as Json;
    } catch (err) {
      throw new Refused(400, (err as Error).message);
    }
    if ('_id' in data && data._id !== b.id) throw new Refused(400, '_id cannot be changed');
    delete data._id;
    const bad = Object.keys(flatKeys(data)).find((k) => k.split('.').some((part) => part.startsWith('$')));
    if (bad) throw new Refused(400, `a stored field cannot start with $ (${bad})`);
    await collection(which.db, col).doc(b.id).set({ data });
    const after = await one(which.db, col, b.id);
    await audit(ctx, { action: 'save', db: which.name, col, id: b.id, before, after });
    return { doc: encode(after) };
  }
  if (method === 'GET' && route === 'messages') {
    const touser = q('touser') || undefined;
    const outbox = await ctx.platform.outbox(touser);
    const credits = await collection(ctx.platformDb, 'credits').limit(1000).get();
    return { outbox: outbox.map(encode), credits: credits.data.map(encode), injectedErrors: ctx.platform.pendingSendErrors() };
  }
  if (method === 'GET' && route === 'timers') {
    const now = new Date(ctx.now());
    const weekLater = new Date(now.getTime() + 8 * 86_400_000);
    return {
      now: now.toISOString(),
      nowText: formatUtc8(now.getTime()),
      triggers: ctx.timers.list().map((t) => {
        const next = fireTimesBetween(t.spec, now, weekLater, 1)[0];
        return { functionName: t.functionName, triggerName: t.triggerName, cron: t.cron, next: next ? formatUtc8(next.getTime()) : null };
      }),
      runs: ctx.timers.history().reverse(),
    };
  }
  if (method === 'GET' && route === 'functions') {
    const fn = q('fn');
    const code = q('code');
    const log = ctx.runner.invocationLog().filter((r) => (!fn || r.fn === fn) && (!code || (code === 'errors' ? r.code !== 'OK' : r.code === code)));
    return { invocations: log.slice(0, 200), names: ctx.runner.names() };
  }
  if (method === 'GET' && route === 'storage') {
    return {
      files: ctx.storage
        .entries()
        .map(({ cloudPath, meta }) => ({ cloudPath, ...meta, url: `/__storage/files/${cloudPath.split('/').map(encodeURIComponent).join('/')}` }))
        .sort((a, b) => b.uploadedAt.localeCompare(a.uploadedAt)),
    };
  }
  if (method === 'GET' && route === 'audit') {
    const names = collectionNames(ctx.platformDir);
    if (!names.includes(INSPECTOR_AUDIT)) return { entries: [] };
    const all = await collection(ctx.platformDb, INSPECTOR_AUDIT).limit(1000).get();
    return { entries: all.data.map(encode).reverse() };
  }
  throw new Refused(404, `no inspector route ${method} ${route}`);
}

/** Every key path of a plain object ("a.b.c"), for the `$` check. */
function flatKeys(v: unknown, prefix = '', out: Record<string, true> = {}): Record<string, true> {
  if (v && typeof v === 'object' && !(v instanceof Date)) {
    for (const [k, inner] of Object.entries(v as Json)) {
      const key = prefix ? `${prefix}.${k}` : k;
      out[key] = true;
      flatKeys(inner, key, out);
    }
  }
  return out;
}

/** Serve /__inspector and /__inspector/api/…; false when the path is not the inspector's. */
export async function handleInspector(req: http.IncomingMessage, res: http.ServerResponse, url: URL, ctx: InspectorContext, send: Send): Promise<boolean> {
  if (url.pathname === '/__inspector' || url.pathname === '/__inspector/') {
    if (req.method !== 'GET') return false;
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy':
        "default-src 'self'; img-src 'self' data:; media-src 'self'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; frame-ancestors 'none'",
      'cache-control': 'no-store',
    });
    res.end(INSPECTOR_PAGE);
    return true;
  }
  if (!url.pathname.startsWith('/__inspector/api/')) return false;
  const route = url.pathname.slice('/__inspector/api/'.length);
  const method = req.method ?? 'GET';
  try {
    if (method !== 'GET') {
      const type = String(req.headers['content-type'] ?? '');
      const origin = req.headers.origin;
      const host = req.headers.host ?? '';
      if (!type.startsWith('application/json')) throw new Refused(415, 'send JSON (content-type: application/json)');
      if (origin !== undefined && origin !== `http://${host}`) throw new Refused(403, 'only from the local cloud’s own pages');
    }
    const body = async (): Promise<Json> => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.length > 1_000_000) throw new Refused(413, 'too large');
      try {
        const parsed = JSON.parse(text || '{}') as unknown;
        if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
        return parsed as Json;
      } catch {
        throw new Refused(400, 'the body must be a JSON object');
      }
    };
    send(res, 200, await api(ctx, method, route, url, body));
  } catch (err) {
    if (err instanceof Refused) send(res, err.status, { error: err.message });
    else send(res, 500, { error: String((err as Error)?.message ?? err) });
  }
  return true;
}

/** The page: no framework, no build step; Chinese with English labels. */
const INSPECTOR_PAGE = String.raw`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>本地云检查器 · Local cloud inspector</title>
<style>
  body { font: 15px/1.5 system-ui, "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif; margin: 0; color: #1a1a1a; background: #f3f3f3; }
  header { background: #1f3a5f; color: #fff; padding: 10px 16px; display: flex; gap: 16px; align-items: baseline; flex-wrap: wrap; }
  header h1 { font-size: 18px; margin: 0; }
  header a { color: #cfe3ff; }
  nav { display: flex; flex-wrap: wrap; gap: 4px; padding: 8px 16px; background: #fff; border-bottom: 1px solid #ddd; }
  nav button { font: inherit; padding: 6px 12px; border: 1px solid #bbb; background: #fafafa; border-radius: 4px; cursor: pointer; }
  nav button[aria-selected=true] { background: #1f3a5f; color: #fff; border-color: #1f3a5f; }
  main { padding: 12px 16px; }
  section[hidden] { display: none; }
  table { border-collapse: collapse; width: 100%; background: #fff; }
  th, td { border: 1px solid #ddd; padding: 4px 8px; text-align: left; vertical-align: top; font-size: 14px; }
  th { background: #eef2f7; }
  tr.clickable:hover { background: #f7fbff; cursor: pointer; }
  pre { background: #fff; border: 1px solid #ddd; padding: 8px; overflow: auto; max-height: 420px; font-size: 13px; }
  textarea { width: 100%; min-height: 320px; font: 13px/1.4 ui-monospace, monospace; box-sizing: border-box; }
  .row { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; margin: 8px 0; }
  .cols { display: grid; grid-template-columns: 240px 1fr; gap: 12px; }
  .muted { color: #666; }
  .err { color: #b00020; }
  .ok { color: #0a7a2f; }
  input, select { font: inherit; padding: 4px 6px; }
  button.act { font: inherit; padding: 4px 10px; cursor: pointer; }
  ul.plain { list-style: none; padding: 0; margin: 0; background: #fff; border: 1px solid #ddd; }
  ul.plain li { padding: 4px 8px; border-bottom: 1px solid #eee; cursor: pointer; }
  ul.plain li[aria-current=true] { background: #e3eefc; font-weight: 600; }
  img.preview { max-width: 120px; max-height: 120px; border: 1px solid #ddd; background: #fff; }
</style></head>
<body>
<header><h1>本地云检查器 <span class="muted" style="color:#cfe3ff">Local cloud inspector</span></h1>
  <span>时钟 Clock: <b id="clock-now">…</b></span><a href="/">打开小程序 Open the app (H5)</a></header>
<nav role="tablist">
  <button role="tab" data-tab="data">数据 Collections</button>
  <button role="tab" data-tab="messages">订阅消息 Messages</button>
  <button role="tab" data-tab="timers">定时器 Timers</button>
  <button role="tab" data-tab="clock">时钟 Clock</button>
  <button role="tab" data-tab="functions">函数日志 Function log</button>
  <button role="tab" data-tab="storage">存储 Storage</button>
  <button role="tab" data-tab="identities">身份 Identities</button>
  <button role="tab" data-tab="snapshots">快照 Snapshots</button>
</nav>
<main>
<section id="tab-data" data-testid="tab-data">
  <div class="cols">
    <div><h3>应用数据库 App database</h3><ul class="plain" id="cols-app"></ul>
      <h3>平台 Platform</h3><ul class="plain" id="cols-platform"></ul></div>
    <div>
      <div class="row"><b id="col-title">选一个集合 Pick a collection</b>
        <label>字段 Field <input id="filter-field" placeholder="status" size="14"></label>
        <label>等于 equals <input id="filter-value" placeholder="pending" size="14"></label>
        <button class="act" id="filter-go">筛选 Filter</button>
        <span class="muted" id="docs-count"></span>
        <button class="act" id="page-prev">上一页 Prev</button><button class="act" id="page-next">下一页 Next</button></div>
      <table id="docs"><thead><tr><th>_id</th><th>摘要 Summary</th></tr></thead><tbody></tbody></table>
      <div id="doc-box" hidden>
        <h3>文档 Document <span id="doc-id"></span></h3>
        <textarea id="doc-json" spellcheck="false" aria-label="文档 JSON"></textarea>
        <div class="row"><button class="act" id="doc-save">保存 Save</button><button class="act" id="doc-delete">删除 Delete</button>
          <span id="doc-says"></span></div>
        <p class="muted">日期写作 {"$date": "ISO"}。保存和删除经过数据库层，并记入审计 (audit trail, below). Dates are {"$date": ISO}.</p>
      </div>
      <h3>审计 Audit trail</h3><table id="audit"><thead><tr><th>时间 At</th><th>操作 Action</th><th>集合 Collection</th><th>_id</th></tr></thead><tbody></tbody></table>
    </div>
  </div>
</section>
<section id="tab-messages" data-testid="tab-messages" hidden>
  <div class="row"><label>用户 openid <input id="msg-user" placeholder="demo-resident-zhang"></label><button class="act" id="msg-go">查看 Show</button>
    <span class="muted" id="msg-injected"></span></div>
  <h3>发件箱 Outbox</h3><table id="outbox"><thead><tr><th>发送时间 Sent</th><th>用户 To</th><th>模板 Template</th><th>字段 Fields</th><th>页面 Page</th></tr></thead><tbody></tbody></table>
  <h3>订阅次数 Credits per user and template</h3><table id="credits"><thead><tr><th>用户 User</th><th>模板 → 次数 Template → credits</th></tr></thead><tbody></tbody></table>
</section>
<section id="tab-timers" data-testid="tab-timers" hidden>
  <table id="triggers"><thead><tr><th>函数 Function</th><th>触发器 Trigger</th><th>cron</th><th>下次 Next fire</th></tr></thead><tbody></tbody></table>
  <h3>最近运行 Last runs</h3><table id="runs"><thead><tr><th>应触发 Fired for</th><th>函数 Function</th><th>结果 Result</th><th>用时 Took</th></tr></thead><tbody></tbody></table>
</section>
<section id="tab-clock" data-testid="tab-clock" hidden>
  <p>现在 Now: <b id="clock-big"></b></p>
  <div class="row"><label>设为 Set to <input id="clock-set" type="datetime-local"></label><button class="act" id="clock-set-go">设定 Set</button></div>
  <div class="row">前进 Advance:
    <button class="act" data-advance="10">10 分钟 min</button><button class="act" data-advance="60">1 小时 hour</button>
    <button class="act" data-advance="1440">1 天 day</button><button class="act" data-advance="10080">7 天 days</button></div>
  <p id="clock-says" class="muted"></p>
</section>
<section id="tab-functions" data-testid="tab-functions" hidden>
  <div class="row"><label>函数 Function <select id="fn-name"><option value="">全部 all</option></select></label>
    <label><input type="checkbox" id="fn-errors"> 只看出错 errors only</label><button class="act" id="fn-go">刷新 Refresh</button></div>
  <table id="fnlog"><thead><tr><th>#</th><th>时间 At</th><th>函数.操作 Function.action</th><th>调用者 Caller</th><th>用时 ms</th><th>结果 Result</th><th>数据库调用 DB calls</th></tr></thead><tbody></tbody></table>
  <pre id="fn-detail" hidden></pre>
</section>
<section id="tab-storage" data-testid="tab-storage" hidden>
  <table id="files"><thead><tr><th>预览 Preview</th><th>路径 Path</th><th>类型 Type</th><th>大小 Size</th><th>上传者 Uploader</th><th>时间 At</th></tr></thead><tbody></tbody></table>
</section>
<section id="tab-identities" data-testid="tab-identities" hidden>
  <p class="muted">点「扮演」后在同一浏览器打开小程序，就以这个身份操作。Act as someone: the app in this browser then calls the functions as them.</p>
  <table id="people"><thead><tr><th>openid</th><th>名字 Name</th><th>身份 Role</th><th></th></tr></thead><tbody></tbody></table>
</section>
<section id="tab-snapshots" data-testid="tab-snapshots" hidden>
  <p class="muted">快照是一个文件夹（每个集合一个 JSON 文件）。文件夹必须在仓库、系统临时目录或命令行给出的快照文件夹里。A snapshot is a folder of plain JSON files.</p>
  <div class="row"><label>文件夹 Folder <input id="snap-dir" size="50" placeholder="snapshots/demo"></label>
    <button class="act" id="snap-export">导出 Export</button><button class="act" id="snap-import">导入 Import</button></div>
  <pre id="snap-says"></pre>
</section>
</main>
<script>
const $ = (s) => document.querySelector(s);
const esc = (v) => String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
async function get(path) { const r = await fetch(path); const j = await r.json(); if (!r.ok) throw new Error(j.error || j.errMsg || r.status); return j; }
async function post(path, body) { const r = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }); const j = await r.json(); if (!r.ok) throw new Error(j.error || j.errMsg || r.status); return j; }
const local = (iso) => { if (!iso) return ''; const d = new Date(Date.parse(iso) + 8 * 3600000); return d.toISOString().slice(0, 19).replace('T', ' '); };
const summary = (d) => Object.entries(d).filter(([k]) => k !== '_id').slice(0, 5).map(([k, v]) => k + '=' + (typeof v === 'object' ? JSON.stringify(v) : v)).join('  ').slice(0, 160);

let state = { db: 'app', col: null, skip: 0, total: 0, docs: [], doc: null };
async function loadCollections() {
  const c = await get('/__inspector/api/collections');
  for (const which of ['app', 'platform']) {
    $('#cols-' + which).innerHTML = c[which].map((x) => '<li data-db="' + which + '" data-col="' + esc(x.name) + '" data-testid="col-' + which + '-' + esc(x.name) + '"' + (state.db === which && state.col === x.name ? ' aria-current="true"' : '') + '>' + esc(x.name) + ' <span class="muted">' + x.count + '</span></li>').join('');
  }
}
async function loadDocs() {
  if (!state.col) return;
  const p = new URLSearchParams({ db: state.db, col: state.col, skip: String(state.skip) });
  const f = $('#filter-field').value.trim();
  if (f) { p.set('field', f); p.set('value', $('#filter-value').value); }
  const r = await get('/__inspector/api/docs?' + p);
  state.total = r.total; state.docs = r.docs;
  $('#col-title').textContent = state.db + ' / ' + state.col;
  $('#docs-count').textContent = '共 ' + r.total + ' 条 total · ' + (r.total ? state.skip + 1 : 0) + '–' + (state.skip + r.docs.length);
  $('#docs tbody').innerHTML = r.docs.map((d, i) => '<tr class="clickable" data-i="' + i + '" data-testid="doc-' + esc(d._id) + '"><td>' + esc(d._id) + '</td><td>' + esc(summary(d)) + '</td></tr>').join('');
}
function showDoc(d) {
  state.doc = d; $('#doc-box').hidden = false; $('#doc-id').textContent = d._id; $('#doc-json').value = JSON.stringify(d, null, 2); $('#doc-says').textContent = '';
}
async function loadAudit() {
  const r = await get('/__inspector/api/audit');
  $('#audit tbody').innerHTML = r.entries.slice(0, 50).map((e) => '<tr><td>' + esc(local(e.at && e.at.$date)) + '</td><td>' + esc(e.action) + '</td><td>' + esc(e.db + '/' + e.col) + '</td><td>' + esc(e.id) + '</td></tr>').join('');
}
document.addEventListener('click', async (ev) => {
  const li = ev.target.closest('ul.plain li');
  if (li) { state.db = li.dataset.db; state.col = li.dataset.col; state.skip = 0; $('#doc-box').hidden = true; await loadDocs(); await loadCollections(); return; }
  const tr = ev.target.closest('#docs tr.clickable');
  if (tr) { showDoc(state.docs[Number(tr.dataset.i)]); return; }
  const fr = ev.target.closest('#fnlog tr.clickable');
  if (fr) { const rec = window.fnlog[Number(fr.dataset.i)]; $('#fn-detail').hidden = false; $('#fn-detail').textContent = JSON.stringify(rec, null, 2); return; }
  const act = ev.target.closest('[data-act-as]');
  if (act) { localStorage.setItem(act.dataset.key, act.dataset.actAs); location.href = '/#/pages/index/index'; return; }
  const adv = ev.target.closest('[data-advance]');
  if (adv) { await moveClock({ advanceMinutes: Number(adv.dataset.advance) }); return; }
  const tab = ev.target.closest('nav [data-tab]');
  if (tab) { select(tab.dataset.tab); }
});
$('#filter-go').onclick = () => { state.skip = 0; loadDocs().catch(shout); };
$('#page-prev').onclick = () => { state.skip = Math.max(0, state.skip - 50); loadDocs().catch(shout); };
$('#page-next').onclick = () => { if (state.skip + 50 < state.total) { state.skip += 50; loadDocs().catch(shout); } };
$('#doc-save').onclick = async () => {
  try { const doc = JSON.parse($('#doc-json').value); const r = await post('/__inspector/api/doc/save', { db: state.db, col: state.col, id: state.doc._id, doc }); showDoc(r.doc); $('#doc-says').innerHTML = '<span class="ok">已保存 Saved</span>'; await loadDocs(); await loadAudit(); }
  catch (e) { $('#doc-says').innerHTML = '<span class="err">' + esc(e.message) + '</span>'; }
};
$('#doc-delete').onclick = async () => {
  if (!confirm('删除 Delete ' + state.doc._id + '?')) return;
  try { await post('/__inspector/api/doc/delete', { db: state.db, col: state.col, id: state.doc._id }); $('#doc-box').hidden = true; await loadDocs(); await loadCollections(); await loadAudit(); }
  catch (e) { $('#doc-says').innerHTML = '<span class="err">' + esc(e.message) + '</span>'; }
};
async function loadMessages() {
  const p = new URLSearchParams(); const u = $('#msg-user').value.trim(); if (u) p.set('touser', u);
  const r = await get('/__inspector/api/messages?' + p);
  $('#msg-injected').textContent = r.injectedErrors.length ? '待注入的错误 injected errors: ' + r.injectedErrors.join(', ') : '';
  $('#outbox tbody').innerHTML = r.outbox.slice().reverse().map((m) => '<tr data-testid="outbox-row"><td>' + esc(local(m.sentAt && m.sentAt.$date)) + '</td><td>' + esc(m.touser) + '</td><td>' + esc(m.title) + '<br><span class="muted">' + esc(m.templateId) + '</span></td><td>' + Object.entries(m.data || {}).map(([k, v]) => esc(k) + '：' + esc(v && v.value)).join('<br>') + '</td><td>' + esc(m.page) + '</td></tr>').join('');
  const byUser = {};
  for (const c of r.credits) if (!u || c.openid === u) (byUser[c.openid] = byUser[c.openid] || []).push(esc(c.tmplId) + ' → ' + c.credits);
  $('#credits tbody').innerHTML = Object.entries(byUser).map(([who, list]) => '<tr data-testid="credits-row"><td>' + esc(who) + '</td><td>' + list.join('<br>') + '</td></tr>').join('');
}
$('#msg-go').onclick = () => loadMessages().catch(shout);
async function loadTimers() {
  const r = await get('/__inspector/api/timers');
  $('#triggers tbody').innerHTML = r.triggers.map((t) => '<tr><td>' + esc(t.functionName) + '</td><td>' + esc(t.triggerName) + '</td><td><code>' + esc(t.cron) + '</code></td><td data-testid="next-' + esc(t.triggerName) + '">' + esc(t.next || '—') + '</td></tr>').join('');
  $('#runs tbody').innerHTML = r.runs.slice(0, 50).map((x) => '<tr data-testid="timer-run"><td>' + esc(local(x.firedFor)) + '</td><td>' + esc(x.functionName + '/' + x.triggerName) + '</td><td class="' + (x.ok ? 'ok' : 'err') + '">' + esc(x.ok ? 'OK' : x.error) + '</td><td>' + (Date.parse(x.finishedAt) - Date.parse(x.startedAt)) + ' ms</td></tr>').join('');
}
async function loadClock() {
  const r = await get('/__dev/clock');
  $('#clock-now').textContent = local(r.now) + ' (UTC+8)'; $('#clock-big').textContent = local(r.now) + ' (UTC+8)';
}
async function moveClock(body) {
  try { const r = await post('/__dev/clock', body); $('#clock-says').textContent = '时钟已到 Now ' + local(r.now) + '；触发了 triggered ' + (r.triggered || []).length + ' 次定时器 timer runs'; await loadClock(); await loadTimers(); }
  catch (e) { $('#clock-says').innerHTML = '<span class="err">' + esc(e.message) + '</span>'; }
}
$('#clock-set-go').onclick = () => { const v = $('#clock-set').value; if (v) moveClock({ set: v + ':00+08:00' }); };
async function loadFunctions() {
  const p = new URLSearchParams(); const fn = $('#fn-name').value; if (fn) p.set('fn', fn); if ($('#fn-errors').checked) p.set('code', 'errors');
  const r = await get('/__inspector/api/functions?' + p);
  const sel = $('#fn-name'); if (sel.options.length === 1) sel.innerHTML += r.names.map((n) => '<option>' + esc(n) + '</option>').join('');
  window.fnlog = r.invocations;
  $('#fnlog tbody').innerHTML = r.invocations.map((x, i) => '<tr class="clickable" data-i="' + i + '" data-testid="fn-row"><td>' + x.seq + '</td><td>' + esc(local(x.at)) + '</td><td>' + esc(x.fn + (x.action ? '.' + x.action : '')) + '</td><td>' + esc(x.caller || '(' + x.source + ')') + '</td><td>' + x.ms + '</td><td class="' + (x.code === 'OK' ? 'ok' : 'err') + '">' + esc(x.code) + '</td><td>' + x.dbCalls + '</td></tr>').join('');
}
$('#fn-go').onclick = () => loadFunctions().catch(shout);
async function loadStorage() {
  const r = await get('/__inspector/api/storage');
  $('#files tbody').innerHTML = r.files.map((f) => '<tr data-testid="file-row"><td>' + (f.contentType.startsWith('image/') ? '<img class="preview" alt="' + esc(f.cloudPath) + '" src="' + esc(f.url) + '">' : f.contentType.startsWith('audio/') ? '<audio controls preload="none" src="' + esc(f.url) + '"></audio>' : '<a href="' + esc(f.url) + '" target="_blank" rel="noopener">打开 Open</a>') + '</td><td>' + esc(f.cloudPath) + '</td><td>' + esc(f.contentType) + '</td><td>' + f.size + '</td><td>' + esc(f.uploader) + '</td><td>' + esc(local(f.uploadedAt)) + '</td></tr>').join('');
}
async function loadPeople() {
  const r = await get('/__dev/identities');
  $('#people tbody').innerHTML = r.identities.map((p) => '<tr><td>' + esc(p.openid) + '</td><td>' + esc(p.name) + '</td><td>' + esc(p.note) + '</td><td><button class="act" data-key="gk.devOpenid" data-act-as="' + esc(p.openid) + '" data-testid="act-as-' + esc(p.openid) + '">扮演 Act as</button></td></tr>').join('');
}
$('#snap-export').onclick = async () => { try { $('#snap-says').textContent = JSON.stringify(await post('/__snapshot/export', { dir: $('#snap-dir').value }), null, 2); } catch (e) { $('#snap-says').textContent = '失败 Failed: ' + e.message; } };
$('#snap-import').onclick = async () => { if (!confirm('导入会替换全部数据。Import replaces all data?')) return; try { $('#snap-says').textContent = JSON.stringify(await post('/__snapshot/import', { dir: $('#snap-dir').value }), null, 2); await loadCollections(); await loadClock(); } catch (e) { $('#snap-says').textContent = '失败 Failed: ' + e.message; } };
function shout(e) { console.error(e); }
const loaders = { data: () => Promise.all([loadCollections(), loadAudit()]), messages: loadMessages, timers: loadTimers, clock: loadClock, functions: loadFunctions, storage: loadStorage, identities: loadPeople, snapshots: async () => {} };
function select(name) {
  for (const b of document.querySelectorAll('nav [data-tab]')) b.setAttribute('aria-selected', String(b.dataset.tab === name));
  for (const s of document.querySelectorAll('main > section')) s.hidden = s.id !== 'tab-' + name;
  history.replaceState(null, '', '#' + name);
  loaders[name]().catch(shout);
}
select((location.hash || '#data').slice(1) in loaders ? (location.hash || '#data').slice(1) : 'data');
loadClock().catch(shout);
setInterval(() => loadClock().catch(() => {}), 5000);
</script>
</body></html>`;
