/** The checks and writes shared by the collection, query, document and transaction references. */
import { randomBytes } from 'node:crypto';
import type { AddManyResult, AddResult } from './api-types';
import type { CollectionHandle, Executor, OperationContext } from './engine';
import { invalidParam, requestFailed } from './errors';
import type { DocumentId, StoredDocument } from './store';
import { applyModifier, isEmptyModifier, resolveServerDates, toNedbQuery, type CloudModifier, type NedbQuery } from './translate';
import { deepEqual, findUpdateCommand, isPlainRecord, toStoredValue } from './values';

/** A new random document id (32 hex digits). */
export function newDocumentId(): string {
  return randomBytes(16).toString('hex');
}

function hasOwn(object: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}

/** `options.data` of update() and set(): a non-empty object without `_id` (same checks and messages as the SDK). */
export function updateDataOf(options: unknown): Record<string, unknown> {
  const data: unknown = isPlainRecord(options) ? options.data : undefined;
  if (!isPlainRecord(data) || Object.keys(data).length === 0) throw invalidParam('参数必需是非空对象');
  if (hasOwn(data, '_id')) throw invalidParam('不能更新_id的值');
  return data;
}

/** Applies `modifier` to matching documents; returns how many actually changed (0 matches is not an error). */
export async function updateMatching(
  context: OperationContext,
  collection: CollectionHandle,
  filter: NedbQuery,
  modifier: CloudModifier,
  multi: boolean,
): Promise<number> {
  if (isEmptyModifier(modifier)) return 0;
  const matched = await collection.find(resolveServerDates(filter, context.at), multi ? {} : { limit: 1 });
  // NOTE: every new version is computed before anything is written: one failing document fails the whole call.
  const changes = matched.map((before) => ({ before, after: applyModifier(before, modifier, context.at) }));
  let updated = 0;
  for (const { before, after } of changes) {
    if (deepEqual(before, after)) continue;
    await collection.replace(before, after);
    updated += 1;
  }
  return updated;
}

/** Builds a new document from add() data: copied, serverDate resolved, `_id` taken or generated. */
function newDocument(input: unknown, at: number): StoredDocument {
  if (!isPlainRecord(input)) throw invalidParam('data 必须是对象 (local cloud: add({ data }) needs an object)');
  if (findUpdateCommand(input) !== undefined) {
    throw new Error('local cloud: db.command update operators cannot be used in add() data');
  }
  const { _id: givenId, ...fields } = toStoredValue(input, at) as Record<string, unknown>;
  if (givenId !== undefined && !((typeof givenId === 'string' && givenId !== '') || typeof givenId === 'number')) {
    throw invalidParam('_id must be a non-empty string or a number');
  }
  const _id: DocumentId = givenId === undefined ? newDocumentId() : (givenId as DocumentId);
  return { _id, ...fields };
}

/** Inserts add() data (one document or an array) as one operation: `{ _id }` or `{ _ids }`; a duplicate `_id` fails all. */
export function addDocuments(executor: Executor, collectionName: string, options: unknown): Promise<AddResult | AddManyResult> {
  return executor.run('collection.add', async (context) => {
    const data: unknown = isPlainRecord(options) ? options.data : undefined;
    const inputs: unknown[] = Array.isArray(data) ? data : [data];
    const collection = await context.collection(collectionName);
    const documents = inputs.map((input) => newDocument(input, context.at));
    const seen = new Set<DocumentId>();
    for (const { _id } of documents) {
      if (seen.has(_id) || (await collection.findById(_id)) !== null) {
        throw requestFailed(`E11000 duplicate key error collection: ${collectionName} index: _id_ dup key: { _id: ${JSON.stringify(_id)} }`);
      }
      seen.add(_id);
    }
    for (const document of documents) await collection.insert(document);
    const errMsg = 'collection.add:ok';
    return Array.isArray(data) ? { _ids: documents.map(({ _id }) => _id), errMsg } : { _id: documents[0]._id, errMsg };
  });
}

/** Validates and translates a where()/match() condition (same checks and messages as the SDK). */
export function conditionToQuery(condition: unknown): NedbQuery {
  if (Object.prototype.toString.call(condition) !== '[object Object]') throw new Error('查询参数必须为对象');
  const values = Object.values(condition as object);
  if (values.length > 0 && values.every((value) => value === undefined)) {
    throw new Error('查询参数对象值不能均为undefined');
  }
  return toNedbQuery(condition);
}

/** The id given to doc(): a string or a number (same check and message as the SDK). */
export function checkDocumentId(id: unknown): DocumentId {
  if (typeof id !== 'string' && typeof id !== 'number') throw new Error('docId必须为字符串或数字');
  return id;
}
