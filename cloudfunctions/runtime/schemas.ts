/** Input schemas for every action, with the Chinese message a person sees when a field is wrong. */
import { z } from 'zod';
import { PHOTO_LIMIT, PLACE_LIMITS, SAVED_PLACE_LIMITS, VOICE_LIMITS } from '../../types/limits';
import { isInviteCode, isSafeKey, normalizeInviteCode } from '../core/admin';
import { PLACE_CODE_LIMITS, isPlaceCode, normalizePlaceCode } from '../core/places';

/**
 * Chinese wording for any problem a schema has no message of its own for, so no English ever reaches a person.
 * Field-specific messages in the schemas below take precedence.
 */
export const chineseErrorMap: z.ZodErrorMap = (issue) => {
  switch (issue.code) {
    case z.ZodIssueCode.unrecognized_keys:
      return { message: '提交的内容里有不认识的项目，请更新小程序后再试' };
    case z.ZodIssueCode.invalid_enum_value:
      return { message: '选择的内容不正确，请重新选择' };
    case z.ZodIssueCode.invalid_type:
      return { message: issue.received === 'undefined' ? '有必填的内容没有填写' : '填写的内容格式不正确' };
    case z.ZodIssueCode.too_small:
      return { message: '填写的内容太短了' };
    case z.ZodIssueCode.too_big:
      return { message: '填写的内容太长了' };
    default:
      return { message: '填写的内容不正确，请检查后再试' };
  }
};

const empty = z.object({}).strict();

const id = (what: string) =>
  z
    .string({ required_error: `缺少${what}`, invalid_type_error: `${what}不正确` })
    .min(1, `缺少${what}`)
    .max(64, `${what}不正确`);

const phone = z
  .string({ invalid_type_error: '电话号码不正确' })
  .trim()
  .regex(/^(\d{11}|\d{3,4}-?\d{7,8}|)$/, '电话号码不正确，请填11位手机号或座机号');

/** A required short text such as a reason or a note: trimmed, 1–500 characters. */
const reasonText = (what: string) =>
  z
    .string({ required_error: `请写一句${what}`, invalid_type_error: `请写一句${what}` })
    .trim()
    .min(1, `请写一句${what}`)
    .max(500, `${what}最多500字`);

/** What the person wrote about the problem. */
const description = z
  .string({ required_error: '请说一说是什么事', invalid_type_error: '请说一说是什么事' })
  .trim()
  .min(5, '请多写几个字，说清楚是什么事（至少5个字）')
  .max(500, '描述太长了，请控制在500字以内');

/**
 * A report's words when it may carry a voice note: empty or left out is allowed here (the use case refuses a report
 * with neither words nor a voice: NOTHING_SAID); words given must still say enough.
 */
const spokenDescription = z
  .string({ invalid_type_error: '请说一说是什么事' })
  .trim()
  .max(500, '描述太长了，请控制在500字以内')
  .refine((t) => t.length === 0 || t.length >= 5, '请多写几个字，说清楚是什么事（至少5个字）')
  .optional();

/** A cloud storage file id of a voice note as the pages send it. */
const VOICE_FILE_ID = /^cloud:\/\/[^\s]{1,300}$/;

/**
 * A voice note of a step (a report, 写进展, 办结): `{ fileId, seconds }`, seconds whole 1..60. One custom check for
 * the same reason as photoList (a wrong type inside must still get words about the voice). Whether the file is the
 * caller's own upload is the use case's check (core/usecases/voices.ts).
 */
const voice = z
  .custom<{ fileId: string; seconds: number }>(
    (v) =>
      typeof v === 'object' &&
      v !== null &&
      !Array.isArray(v) &&
      Object.keys(v).every((k) => k === 'fileId' || k === 'seconds') &&
      typeof (v as { fileId?: unknown }).fileId === 'string' &&
      VOICE_FILE_ID.test((v as { fileId: string }).fileId) &&
      typeof (v as { seconds?: unknown }).seconds === 'number',
    { message: '语音不正确，请重新录一段' },
  )
  .refine(
    (v) => Number.isInteger(v.seconds) && v.seconds >= VOICE_LIMITS.minSeconds && v.seconds <= VOICE_LIMITS.maxSeconds,
    `语音的长度要在${VOICE_LIMITS.minSeconds}到${VOICE_LIMITS.maxSeconds}秒之间，请重新录一段`,
  );

/** Where the problem is: a configured compound, then free-text building and unit. */
const place = z
  .object(
    {
      compoundId: id('小区'),
      building: z.string({ invalid_type_error: '楼幢填写不正确' }).trim().max(PLACE_LIMITS.building, `楼幢最多${PLACE_LIMITS.building}个字`),
      unit: z.string({ invalid_type_error: '单元门牌填写不正确' }).trim().max(PLACE_LIMITS.unit, `单元门牌最多${PLACE_LIMITS.unit}个字`),
    },
    { required_error: '请选择地点', invalid_type_error: '请选择地点' },
  )
  .strict();

/** A subscription template id as WeChat issues them (also safe as a database field name). */
export const TEMPLATE_ID = /^[A-Za-z0-9_-]{1,128}$/;
/** At most this many answers per prompt (WeChat asks for at most 3 templates at once). */
export const MAX_ANSWERS = 5;

/**
 * A subscribe prompt's answers, by template id. Keys are template ids (letters, digits, "_" and "-"), so a key can
 * never be read by the database as an operator ("$where") or a path ("a.b"). Whether they are this community's
 * templates is the use case's check.
 */
const answers = z
  .record(
    z.string().regex(TEMPLATE_ID, '订阅消息的模板编号不正确，请更新小程序后再试'),
    z.enum(['accept', 'reject', 'ban', 'filter'], { errorMap: () => ({ message: '订阅消息的选择不正确，请重新选择' }) }),
    { invalid_type_error: '订阅消息的选择不正确，请重新选择' },
  )
  .refine((a) => Object.keys(a).length <= MAX_ANSWERS, `订阅消息一次最多${MAX_ANSWERS}项`)
  .refine((a) => Object.keys(a).every(isSafeKey), '订阅消息的模板编号不正确，请更新小程序后再试');

/** A cloud storage file id as the pages send it. */
const PHOTO_FILE_ID = /^cloud:\/\/[^\s]{1,300}$/;

/**
 * Photos of a step (a report, 办结): cloud storage file ids, at most PHOTO_LIMIT. Strings only, so nothing in the list
 * can be read by the database as an operator; whether each is the caller's own upload is the use case's check.
 * NOTE: one custom check rather than z.array(z.string()): a wrong type inside would otherwise get the general
 * 「填写的内容格式不正确」 (chineseErrorMap wins over a schema's own type message), not words about photos.
 */
const photoList = z
  .custom<string[]>((v) => Array.isArray(v) && v.every((p) => typeof p === 'string' && PHOTO_FILE_ID.test(p)), { message: '照片不正确，请重新选择' })
  .refine((v) => v.length <= PHOTO_LIMIT, `最多${PHOTO_LIMIT}张照片`);

/** An outside body's 工单号 as people copy it: letters, digits, Chinese characters and a few separators. */
const TICKET = /^[A-Za-z0-9\u4e00-\u9fa5_\-/#.]+$/;

/** A real calendar date written YYYY-MM-DD. */
const isDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;
/** A date field (YYYY-MM-DD) named `what` in its messages. */
const dateText = (what: string) =>
  z.string({ required_error: `请选择${what}`, invalid_type_error: `${what}不正确，请重新选择` }).refine(isDate, `${what}不正确，请重新选择`);
/** Days from local date `a` to `b`, both included. */
const daysBetween = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000) + 1;
/** The longest window the dashboard and the 通报 count over (a year and a day: a leap year's whole year). */
export const MAX_WINDOW_DAYS = 366;
/** A 回访's answers (the resident's, or what a member recorded on the phone). */
const followUpAnswer = z
  .object({
    caseId: id('事项编号'),
    solved: z.boolean({ required_error: '请选“解决了”或“没解决”', invalid_type_error: '请选“解决了”或“没解决”' }),
    satisfaction: z.enum(['satisfied', 'basic', 'unsatisfied'], { errorMap: () => ({ message: '请选“满意”“基本满意”或“不满意”' }) }),
    comment: z.string({ invalid_type_error: '想说的话要是文字' }).trim().max(300, '想说的话最多300字').optional(),
  })
  .strict();

export const schemas = {
  empty,
  caseRef: z.object({ caseId: id('事项编号') }).strict(),
  submit: z
    .object(
      {
        categoryId: id('事项类别'),
        description: spokenDescription,
        place,
        contactPhone: phone.optional(),
        subscriptions: answers.optional(),
        urgent: z.boolean({ invalid_type_error: '「很急」的选择不正确' }).optional(),
        clientRequestId: z
          .string()
          .regex(/^[A-Za-z0-9_-]{8,64}$/, '提交编号不正确，请重新打开页面再试')
          .optional(),
        photos: photoList.optional(),
        voice: voice.optional(),
        forPlaceId: id('家人的地址').optional(),
      },
      { invalid_type_error: '提交的内容不正确' },
    )
    .strict(),
  resolve: z
    .object({
      caseId: id('事项编号'),
      note: z
        .string({ required_error: '请写一句办理结果', invalid_type_error: '请写一句办理结果' })
        .trim()
        .min(1, '请写一句办理结果')
        .max(500, '办理结果最多500字'),
      photos: photoList.optional(),
      voice: voice.optional(),
    })
    .strict(),
  escalate: z.object({ caseId: id('事项编号'), reason: reasonText('上报的原因') }).strict(),
  reopen: z
    .object({
      caseId: id('事项编号'),
      reason: reasonText('还没解决的地方'),
      subscriptions: answers.optional(),
    })
    .strict(),
  urge: z.object({ caseId: id('事项编号') }).strict(),
  // 「是不是这件事？」: before a report (category and place), or beside a case for staff (its id) — one or the other.
  similar: z
    .object({ caseId: id('事项编号').optional(), categoryId: id('事项类别').optional(), place: place.optional() })
    .strict()
    .refine((r) => (r.caseId !== undefined ? r.categoryId === undefined && r.place === undefined : r.categoryId !== undefined && r.place !== undefined), {
      message: '请先选好类别和地点',
    }),
  follow: z.object({ caseId: id('事项编号'), categoryId: id('事项类别'), place, subscriptions: answers.optional() }).strict(),
  merge: z.object({ caseId: id('事项编号'), intoCaseId: id('要并入的事项') }).strict(),
  cancel: z.object({ caseId: id('事项编号'), reason: z.string().trim().max(200, '原因最多200字').optional() }).strict(),
  confirm: z.object({ caseId: id('事项编号') }).strict(),
  rate: z
    .object({
      caseId: id('事项编号'),
      result: z.number({ required_error: '请给办事结果打星', invalid_type_error: '请给办事结果打星' }).int().min(1, '请给办事结果打星').max(5, '最多5颗星'),
      speed: z.number({ required_error: '请给办事速度打星', invalid_type_error: '请给办事速度打星' }).int().min(1, '请给办事速度打星').max(5, '最多5颗星'),
      attitude: z.number({ required_error: '请给服务态度打星', invalid_type_error: '请给服务态度打星' }).int().min(1, '请给服务态度打星').max(5, '最多5颗星'),
      comment: z.string().trim().max(300, '评价最多300字').optional(),
    })
    .strict(),
  followUp: followUpAnswer,
  recordCallBack: followUpAnswer,
  subscribe: z.object({ subscriptions: answers }).strict(),
  // 家人的地址: a label, the place (its compound checked by the core) and the person there, with a phone like 代办's.
  savePlace: z
    .object({
      id: id('地址').optional(),
      label: z
        .string({ required_error: '请起个名字，比如「我父母家」', invalid_type_error: '请起个名字，比如「我父母家」' })
        .trim()
        .min(1, '请起个名字，比如「我父母家」')
        .max(SAVED_PLACE_LIMITS.label, `名字最多${SAVED_PLACE_LIMITS.label}个字`),
      place: place.refine((p) => p.building.length > 0, { message: '请填写几幢', path: ['building'] }),
      name: z
        .string({ required_error: '请填写那里的人怎么称呼', invalid_type_error: '请填写那里的人怎么称呼' })
        .trim()
        .min(1, '请填写那里的人怎么称呼')
        .max(SAVED_PLACE_LIMITS.name, `称呼最多${SAVED_PLACE_LIMITS.name}个字`),
      phone: z
        .string({ required_error: '请填写那里的人的电话', invalid_type_error: '请填写那里的人的电话' })
        .trim()
        .regex(/^(\d{11}|\d{3,4}-?\d{7,8})$/, '电话号码不正确，请填11位手机号或座机号'),
    })
    .strict(),
  removePlace: z.object({ id: id('地址') }).strict(),
  messagesPage: z.object({ page: z.number().int().min(0).max(1000).optional() }).strict(),
  markRead: z.object({ ids: z.array(z.string().min(1).max(64)).max(100).optional() }).strict(),
  returnToStudio: z.object({ caseId: id('事项编号'), note: reasonText('退回的说明') }).strict(),
  recategorise: z.object({ caseId: id('事项编号'), categoryId: id('事项类别'), note: reasonText('改类别的原因') }).strict(),
  submitOnBehalf: z
    .object({
      residentName: z
        .string({ required_error: '请填写居民姓名', invalid_type_error: '请填写居民姓名' })
        .trim()
        .min(1, '请填写居民姓名')
        .max(20, '姓名最多20个字'),
      residentPhone: z
        .string({ required_error: '请填写居民电话', invalid_type_error: '请填写居民电话' })
        .trim()
        .regex(/^(\d{11}|\d{3,4}-?\d{7,8})$/, '电话号码不正确，请填11位手机号或座机号'),
      categoryId: id('事项类别'),
      description,
      place,
      urgent: z.boolean().optional(),
    })
    .strict(),
  // 写进展: words, a voice note, or both (neither is NOTHING_SAID from the use case).
  note: z
    .object({
      caseId: id('事项编号'),
      text: z.string({ required_error: '请写一句进展', invalid_type_error: '请写一句进展' }).trim().max(500, '进展最多500字'),
      voice: voice.optional(),
    })
    .strict(),
  release: z.object({ caseId: id('事项编号'), reason: reasonText('放回的原因') }).strict(),
  handOver: z.object({ caseId: id('事项编号'), toMemberId: id('转交的成员'), note: reasonText('转交的说明') }).strict(),
  queues: z
    .object({
      queue: z.enum(['escalated', 'office-only', 'emergency', 'overdue', 'open', 'supervise'], { errorMap: () => ({ message: '没有这个待办列表' }) }),
      page: z.number({ invalid_type_error: '页码不正确' }).int('页码不正确').min(0, '页码不正确').max(1000, '页码不正确').optional(),
    })
    .strict(),
  assign: z.object({ caseId: id('事项编号'), assigneeId: id('社区工作人员') }).strict(),
  reject: z.object({ caseId: id('事项编号'), reason: reasonText('不予受理的原因') }).strict(),
  transfer: z
    .object({
      caseId: id('事项编号'),
      body: z.enum(['property', 'hotline', 'street', 'water', 'power', 'gas', 'other'], { errorMap: () => ({ message: '请选择转交给哪个单位' }) }),
      bodyName: z.string({ invalid_type_error: '单位名称不正确' }).trim().max(20, '单位名称最多20个字').optional(),
      ticket: z
        .string({ required_error: '请填写对方的工单号', invalid_type_error: '请填写对方的工单号' })
        .trim()
        .min(1, '请填写对方的工单号')
        .max(32, '工单号最多32位')
        .regex(TICKET, '工单号只能有字母、数字、汉字和 - _ / # .，请照对方给的号码填写'),
      expectedDate: z
        .string({ required_error: '请选择预计办好的日期', invalid_type_error: '请选择预计办好的日期' })
        .refine(isDate, '预计办好的日期不正确，请重新选择'),
    })
    .strict()
    .refine((t) => t.body !== 'other' || Boolean(t.bodyName), { message: '请写一下转交给哪个单位', path: ['bodyName'] }),
  transferOutcome: z.object({ caseId: id('事项编号'), outcome: reasonText('外单位的办理结果') }).strict(),
  closeSupervision: z.object({ caseId: id('事项编号'), note: reasonText('督办的处理结果') }).strict(),
  makeReport: z
    .object({ from: dateText('开始日期'), to: dateText('结束日期') })
    .strict()
    .refine((w) => w.from <= w.to, { message: '开始日期不能晚于结束日期', path: ['to'] })
    .refine((w) => daysBetween(w.from, w.to) <= MAX_WINDOW_DAYS, { message: `一份通报最多${MAX_WINDOW_DAYS}天`, path: ['to'] }),
  reportFile: z
    .object({
      id: z
        .string({ required_error: '请选择一份通报', invalid_type_error: '请选择一份通报' })
        .regex(/^(week_\d{4}-\d{2}-\d{2}|month_\d{4}-\d{2}|range_\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2})$/, '没有找到这份通报'),
      file: z.enum(['html', 'xlsx'], { errorMap: () => ({ message: '请选择打印版或Excel' }) }),
    })
    .strict(),
  dashboard: z
    .object({
      days: z.union([z.literal(7), z.literal(30), z.literal(90), z.literal(365)], { errorMap: () => ({ message: '只能看最近7、30、90或365天' }) }).optional(),
      from: dateText('开始日期').optional(),
      to: dateText('结束日期').optional(),
    })
    .strict()
    .refine((w) => (w.from === undefined) === (w.to === undefined), { message: '请选好开始和结束的日期', path: ['to'] })
    .refine((w) => w.from === undefined || w.days === undefined, { message: '选了日期就不用再选天数', path: ['days'] })
    .refine((w) => !w.from || !w.to || w.from <= w.to, { message: '开始日期不能晚于结束日期', path: ['to'] })
    .refine((w) => !w.from || !w.to || daysBetween(w.from, w.to) <= MAX_WINDOW_DAYS, { message: `一次最多看${MAX_WINDOW_DAYS}天`, path: ['to'] }),
  serviceRecord: z
    .object({
      memberId: id('成员'),
      month: z
        .string({ required_error: '请选择月份', invalid_type_error: '月份不正确，请重新选择' })
        .regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份不正确，请重新选择（例如 2026-11）')
        .refine((m) => m >= '2000-01', '月份不正确，请重新选择')
        .optional(),
    })
    .strict(),
  redeemInvite: z
    .object({
      // 「483 920」, 「483920」 and full-width digits are one code; older 8-character codes still work until they expire.
      code: z
        .string({ required_error: '请输入邀请码' })
        .max(40, '邀请码是6位数字')
        .transform(normalizeInviteCode)
        .refine(isInviteCode, '邀请码是6位数字，请核对后再输入'),
      name: z.string({ required_error: '请填写姓名' }).trim().min(1, '请填写姓名').max(20, '姓名最多20个字'),
      phone: z
        .string()
        .trim()
        .regex(/^(\d{11}|\d{3,4}-?\d{7,8}|)$/, '电话号码不正确，请填11位手机号或座机号'),
    })
    .strict(),
  saveConfig: z
    .object({
      section: z.enum(['groups', 'rota', 'categories', 'compounds', 'templates', 'settings', 'quickReplies'], {
        errorMap: () => ({ message: '没有这一项配置' }),
      }),
      value: z.unknown(),
    })
    .strict(),
  updatePerson: z
    .object({
      personId: id('人员'),
      name: z.string().max(40),
      phone: z.string().max(20),
      groupId: z.string().max(64).nullable(),
      compounds: z.array(z.string().max(64)).max(50),
      leave: z.array(z.object({ from: z.string().max(10), to: z.string().max(10) }).strict()).max(50),
    })
    .strict(),
  createInvite: z
    .object({
      role: z.enum(['member', 'office', 'admin'], { errorMap: () => ({ message: '请选择邀请的身份' }) }),
      groupId: z.string().max(64).optional(),
      days: z.number({ invalid_type_error: '请选择有效天数' }).int().min(1, '有效期至少1天').max(30, '有效期最多30天'),
    })
    .strict(),
  voidInvite: z.object({ code: z.string().max(40).transform(normalizeInviteCode).refine(isInviteCode, '没有这个邀请码') }).strict(),
  revokeRole: z.object({ personId: id('人员'), reason: reasonText('取消身份的原因') }).strict(),
  rotaPreview: z.object({ days: z.number().int().min(1).max(62).optional() }).strict(),
  // A 地点码 as printed under the poster's code (any case, spaces around it are dropped).
  retirePlaceCode: z
    .object({
      code: z
        .string({ required_error: '请填写海报下面印的7位地点码', invalid_type_error: '请填写海报下面印的7位地点码' })
        .max(20, '地点码是7位字母和数字')
        .transform(normalizePlaceCode)
        .refine(isPlaceCode, '地点码是7位字母和数字，请照海报下面印的填写'),
    })
    .strict(),
  // 地点码: a compound's buildings (and optional units) for stairwell posters; the core checks the rest (core/places.ts).
  placeCodes: z
    .object({
      compoundId: id('小区'),
      buildings: z
        .array(z.string({ invalid_type_error: '楼幢填写不正确' }).max(PLACE_LIMITS.building, `楼幢最多${PLACE_LIMITS.building}个字`), {
          required_error: '请至少填一个楼幢',
          invalid_type_error: '楼幢填写不正确',
        })
        .min(1, '请至少填一个楼幢')
        .max(PLACE_CODE_LIMITS.buildings, `一次最多${PLACE_CODE_LIMITS.buildings}个楼幢`),
      units: z
        .array(z.string({ invalid_type_error: '单元填写不正确' }).max(PLACE_LIMITS.unit, `单元最多${PLACE_LIMITS.unit}个字`), {
          invalid_type_error: '单元填写不正确',
        })
        .max(PLACE_CODE_LIMITS.units, `一次最多${PLACE_CODE_LIMITS.units}个单元`)
        .optional(),
    })
    .strict(),
  // A scanned 地点码 (an unknown one is PLACE_CODE_UNKNOWN from the core, not a form error).
  placeCode: z.object({ code: z.string({ required_error: '缺少二维码', invalid_type_error: '二维码不正确' }).max(40, '二维码不正确') }).strict(),
  auditPage: z.object({ page: z.number().int().min(0).max(1000).optional() }).strict(),
  /**
   * WeChat's push of a mediaCheckAsync v2 verdict (消息推送, event wxa_media_check), as a cloud function receives it
   * (JSON): every field we read is checked; fields WeChat may add later are dropped, not refused.
   */
  mediaCheckPush: z.object({
    ToUserName: z.string().max(128),
    FromUserName: z.string().max(128),
    CreateTime: z.number().int().nonnegative(),
    MsgType: z.literal('event'),
    Event: z.literal('wxa_media_check'),
    appid: z.string().min(1).max(64),
    trace_id: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, '检查编号不正确'),
    version: z.literal(2),
    // WeChat's label is a number in its documentation and was seen as a numeric string in pushes: either is taken.
    result: z.object({ suggest: z.enum(['pass', 'review', 'risky']), label: z.union([z.number().int(), z.string().regex(/^\d{1,9}$/)]) }),
    detail: z
      .array(z.object({ strategy: z.string().max(64), errcode: z.number().int(), suggest: z.string().max(16).optional() }).passthrough())
      .max(20)
      .optional(),
  }),
  /** WeChat's timer event: { Type: 'Timer', TriggerName, Time }. */
  timer: z.object({ Type: z.string(), TriggerName: z.string(), Time: z.string().optional() }).passthrough(),
};
