/**
 * What the WeChat Cloud database needs: the collections (COLLECTIONS), their indexes (INDEXES), the security rules
 * file and the `config/community` record. Shared by deploy (summary) and db:setup (instructions).
 */
import fs from 'fs';
import path from 'path';
import { COLLECTIONS, COMMUNITY_CONFIG_ID, INDEXES, type CollectionName } from '../../cloudfunctions/adapters/wx/collections';
import type { CommunityConfig } from '../../cloudfunctions/core/community';
import type { Settings } from './env';

/** The security rules file, at the repository root. */
export const RULES_FILE = 'database-rules.json';

export function collectionNames(): CollectionName[] {
  return Object.values(COLLECTIONS);
}

export interface IndexPlan {
  collection: CollectionName;
  /** Index name to type in the console: the fields joined with `_`. */
  name: string;
  fields: string[];
}

export function indexPlan(): IndexPlan[] {
  return collectionNames().flatMap((collection) => (INDEXES[collection] ?? []).map((fields) => ({ collection, name: fields.join('_'), fields })));
}

export function readRules(root: string): { rules?: unknown; error?: string } {
  const file = path.join(root, RULES_FILE);
  if (!fs.existsSync(file)) return { error: `${RULES_FILE} is missing` };
  try {
    return { rules: JSON.parse(fs.readFileSync(file, 'utf8')) as unknown };
  } catch (err) {
    return { error: `${RULES_FILE} is not valid JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/**
 * The `config/community` record for a real deployment: the demo community's groups, rota, categories and compounds
 * (edit them to match the real community), with the template ids and office phone from the settings. The demo
 * people are NOT part of it: members join with invite codes.
 */
export function communityRecord(demo: CommunityConfig, settings: Settings): { record: CommunityConfig & { _id: string }; missing: string[] } {
  const missing: string[] = [];
  const pick = (name: keyof Settings): string => {
    const v = settings[name];
    if (v) return v;
    missing.push(name);
    return `<${name} 未设置 / not set>`;
  };
  const record = {
    _id: COMMUNITY_CONFIG_ID,
    ...demo,
    templates: {
      caseResolved: pick('TMPL_CASE_RESOLVED'),
      caseProgress: pick('TMPL_CASE_PROGRESS'),
      dutyAlert: pick('TMPL_DUTY_ALERT'),
      // Optional: without it the 回访 reaches the message centre only.
      ...(settings.TMPL_FOLLOW_UP ? { followUp: settings.TMPL_FOLLOW_UP } : {}),
    },
    officePhone: pick('OFFICE_PHONE'),
  };
  return { record, missing };
}
