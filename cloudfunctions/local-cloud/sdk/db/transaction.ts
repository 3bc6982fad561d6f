/** `db.runTransaction(async (t) => ...)`: the `t`, its collections (doc and add only) and its document references. */
import type { AddManyResult, AddResult, DocumentInput, RemoveResult } from './api-types';
import { DocumentReference } from './document';
import type { Executor, TransactionScope } from './engine';
import { addDocuments, checkDocumentId } from './operations';
import type { DocumentId } from './store';
import { toNedbProjection } from './translate';

/** `t.collection(name).doc(id)`: like DocumentReference, plus `delete()` (alias of remove). */
export class TransactionDocumentReference extends DocumentReference {
  /** Same document, projected. */
  override field(projection: Record<string, boolean | number>): TransactionDocumentReference {
    return new TransactionDocumentReference(this.executor, this.collection, this._id, toNedbProjection(projection));
  }

  /** Deletes the document (the transaction API's name for remove). */
  delete(): Promise<RemoveResult> {
    return this.remove();
  }
}

const SINGLE_DOCUMENT_ONLY =
  'local cloud: inside runTransaction only t.collection(name).doc(id) operations and add() are supported ' + '(WeChat Cloud transactions are single-document)';

/** `t.collection(name)`: only `doc(id)` and `add()` — WeChat Cloud transactions have no where()/batch writes. */
export class TransactionCollectionReference {
  /** Collection name. */
  readonly collectionName: string;
  private readonly executor: Executor;

  constructor(executor: Executor, collectionName: string) {
    this.executor = executor;
    this.collectionName = collectionName;
  }

  /** Reference to one document in the transaction. */
  doc(id: DocumentId): TransactionDocumentReference {
    return new TransactionDocumentReference(this.executor, this, checkDocumentId(id));
  }

  /** Inserts a document in the transaction. */
  add(options: { data: DocumentInput }): Promise<AddResult>;
  /** Inserts several documents in the transaction. */
  add(options: { data: readonly DocumentInput[] }): Promise<AddManyResult>;
  add(options: { data: DocumentInput | readonly DocumentInput[] }): Promise<AddResult | AddManyResult> {
    return addDocuments(this.executor, this.collectionName, options);
  }

  /** Not available in transactions. */
  where(..._args: unknown[]): never {
    throw new Error(SINGLE_DOCUMENT_ONLY);
  }
  /** Not available in transactions. */
  get(..._args: unknown[]): never {
    throw new Error(SINGLE_DOCUMENT_ONLY);
  }
  /** Not available in transactions. */
  update(..._args: unknown[]): never {
    throw new Error(SINGLE_DOCUMENT_ONLY);
  }
  /** Not available in transactions. */
  remove(..._args: unknown[]): never {
    throw new Error(SINGLE_DOCUMENT_ONLY);
  }
  /** Not available in transactions. */
  count(..._args: unknown[]): never {
    throw new Error(SINGLE_DOCUMENT_ONLY);
  }
}

/** The `t` of `db.runTransaction(async (t) => ...)`. */
export class Transaction {
  private readonly scope: TransactionScope;

  constructor(scope: TransactionScope) {
    this.scope = scope;
  }

  /** A collection inside this transaction. */
  collection(collectionName: string): TransactionCollectionReference {
    if (!collectionName) throw new Error('Collection name is required');
    return new TransactionCollectionReference(this.scope, collectionName);
  }

  /** Undoes this transaction's writes now; runTransaction will then reject with `reason`. */
  rollback(reason?: unknown): Promise<void> {
    return this.scope.rollback(reason);
  }
}
