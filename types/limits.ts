/** Lengths the server enforces and the pages' fields allow: one number each, read by both sides. */
export const PLACE_LIMITS = {
  /** 几幢（楼号）, e.g. "3幢". */
  building: 20,
  /** 单元和门牌号, e.g. "2单元401". */
  unit: 20,
} as const;

/**
 * 家人的地址 (issue 14 item 3: reporting for someone else): a resident keeps at most `places` other places, each with a
 * label (「我父母家」), the place and the person there (name, phone). The pages' fields and the server's check read these.
 */
export const SAVED_PLACE_LIMITS = {
  places: 5,
  label: 10,
  name: 20,
} as const;

/** Most photos one report, or one 办结, carries (the pages' photo picker and the server's check). */
export const PHOTO_LIMIT = 6;

/** Most cases one 通报 lists case by case (its Excel file's 「事项」 sheet); its figures count them all. */
export const REPORT_CASE_LIMIT = 2000;

/**
 * A voice note (语音, issue 14): at most 60 seconds (the recorder stops itself), at least 1 (a shorter one is
 * discarded on the page with 「时间太短，请按住多说一会儿」). Seconds are whole, rounded up on the page.
 */
export const VOICE_LIMITS = { minSeconds: 1, maxSeconds: 60 } as const;

/**
 * What a report said by voice alone reads as where its words would go (lists, messages, the 通报); the case page
 * shows the player instead.
 */
export const VOICE_ONLY_DESCRIPTION = '（居民录了一段语音）';
