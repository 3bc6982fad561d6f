/** `collection.doc(id)`: one document's get, set, update and remove. */
import type { GetDocumentResult, RemoveResult, SetOptions, SetResult, UpdateOptions, UpdateResult } from './api-types';
import type { Executor } from './engine';
import { requestFailed } from './errors';
import { updateDataOf, updateMatching } from './operations';
import type { DocumentId, StoredDocument } from './store';
import { toModifier, toNedbProjection, type NedbProjection } from './translate';
import { copyStored, deepEqual, findUpdateCommand, toStoredValue } from './values';

/** `collection.doc(id)`: single-document get/set/update/remove. */
export class DocumentReference {
  /** The document id. */
  readonly _id: DocumentId;
  /** The collection it belongs to. */
  readonly collection: { readonly collectionName: string };
  protected readonly executor: Executor;
  protected readonly projection: NedbProjection | undefined;

  constructor(executor: Executor, collection: { readonly collectionName: string }, id: DocumentId, projection?: NedbProjection) {
    this.executor = executor;
    this.collection = collection;
    this._id = id;
    this.projection = projection;
  }

  /** Same document, returning only (or all but) the given fields from get(). */
  field(projection: Record<string, boolean | number>): DocumentReference {
    return new DocumentReference(this.executor, this.collection, this._id, toNedbProjection(projection));
  }

  /** `{ data, errMsg: 'document.get:ok' }`; rejects "document with _id <id> does not exist" when missing. */
  get(): Promise<GetDocumentResult> {
    return this.executor.run('document.get', async (context) => {
      const collection = await context.collection(this.collection.collectionName);
      const [found] = await collection.find({ _id: this._id }, { limit: 1, projection: this.projection });
      if (!found) throw new Error(`document with _id ${this._id} does not exist`);
      return { data: copyStored(found), errMsg: 'document.get:ok' };
    });
  }

  /** Replaces the whole document, creating it if absent: `{ _id, stats: { updated, created } }`. */
  set(options: SetOptions): Promise<SetResult> {
    return this.executor.run('document.set', async (context) => {
      const data = updateDataOf(options);
      if (findUpdateCommand(data) !== undefined) throw requestFailed('update operator complicit');
      const collection = await context.collection(this.collection.collectionName);
      const next: StoredDocument = { _id: this._id, ...(toStoredValue(data, context.at) as Record<string, unknown>) };
      const before = await collection.findById(this._id);
      const errMsg = 'document.set:ok';
      if (before === null) {
        await collection.insert(next);
        // NOTE: inside a transaction the real SDK reports created: 0 even for an insert (it reads a result field
        // the transaction API does not return); mirrored so local runs do not promise more than the cloud does.
        return { _id: this._id, stats: { updated: 0, created: context.inTransaction ? 0 : 1 }, errMsg };
      }
      const updated = deepEqual(before, next) ? 0 : 1;
      if (updated) await collection.replace(before, next);
      return { _id: this._id, stats: { updated, created: 0 }, errMsg };
    });
  }

  /** Partial update (nested objects merge; `db.command` operators apply): `{ stats: { updated: 0 | 1 } }`. */
  update(options: UpdateOptions): Promise<UpdateResult> {
    return this.executor.run('document.update', async (context) => {
      const modifier = toModifier(updateDataOf(options));
      const collection = await context.collection(this.collection.collectionName);
      const updated = await updateMatching(context, collection, { _id: this._id }, modifier, false);
      return { stats: { updated }, errMsg: 'document.update:ok' };
    });
  }

  /** Deletes the document: `{ stats: { removed: 0 | 1 } }`. */
  remove(): Promise<RemoveResult> {
    return this.executor.run('document.remove', async (context) => {
      const collection = await context.collection(this.collection.collectionName);
      const found = await collection.findById(this._id);
      if (found) await collection.remove(found);
      return { stats: { removed: found ? 1 : 0 }, errMsg: 'document.remove:ok' };
    });
  }
}
