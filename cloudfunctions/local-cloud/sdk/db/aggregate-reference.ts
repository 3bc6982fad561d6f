/** `collection.aggregate()`: the pipeline builder whose stages are translated by aggregate.ts and run by `end()`. */
import { LOCAL_DB_LIMITS, type AggregateResult, type QueryCondition } from './api-types';
import {
  addFieldsStage,
  countStage,
  groupStage,
  limitStage,
  matchStage,
  projectStage,
  runAggregate,
  sampleStage,
  skipStage,
  sortStage,
  unwindStage,
  type AggregateStage,
} from './aggregate';
import type { Executor } from './engine';
import { notSupported } from './errors';
import { conditionToQuery } from './operations';

function unsupportedStage(name: string): never {
  throw notSupported(`aggregate stage ${name}`);
}

/**
 * `collection.aggregate()`: stages are appended in call order and `end()` runs them.
 * NOTE: like wx-server-sdk, every stage call appends to THIS pipeline and returns it (the SDK wraps one shared,
 * mutable pipeline): `const base = c.aggregate().match(x); base.group(a); base.group(b)` is ONE pipeline with both
 * groups, locally as in the cloud. Start each pipeline from `collection.aggregate()`.
 * NOTE: stage arguments are validated and translated when the stage is added; a malformed stage or an operator we
 * do not implement throws there ("local cloud: aggregate operator $x is not supported yet").
 * NOTE: `end()` is ONE read operation (a consistent snapshot, like get(): engine.ts `read`, so a long pipeline does
 * not hold up writes); the result `list` is capped by LOCAL_DB_LIMITS (20 without a limit stage, 1000 with one) and holds copies.
 */
export class Aggregate {
  /** Collection the pipeline reads. */
  readonly collectionName: string;
  private readonly executor: Executor;
  private readonly stages: AggregateStage[] = [];

  constructor(executor: Executor, collectionName: string) {
    this.executor = executor;
    this.collectionName = collectionName;
  }

  /** Keeps documents matching a `where()`-style condition (plain object, `db.command` query operators). */
  match(condition: QueryCondition): this {
    return this.append(matchStage(conditionToQuery(condition)));
  }

  /** Groups by `_id` (an expression, or null for one group); other fields are accumulators such as `$.sum(1)`. */
  group(spec: Record<string, unknown>): this {
    return this.append(groupStage(spec));
  }

  /** Keeps (1/true), drops (0/false) or computes (an expression) fields. */
  project(spec: Record<string, unknown>): this {
    return this.append(projectStage(spec));
  }

  /** Adds (or replaces) computed fields. */
  addFields(spec: Record<string, unknown>): this {
    return this.append(addFieldsStage(spec));
  }

  /** Sorts by fields, `{ field: 1 | -1 }` in priority order. */
  sort(spec: Record<string, 1 | -1>): this {
    return this.append(sortStage(spec));
  }

  /** Skips the first `count` documents. */
  skip(count: number): this {
    return this.append(skipStage(count));
  }

  /** Keeps the first `count` (≥ 1) documents; its presence also lifts the result cap from 20 to 1000. */
  limit(count: number): this {
    return this.append(limitStage(count));
  }

  /** Replaces the documents by one `{ [fieldName]: number of documents }` (nothing for no documents). */
  count(fieldName: string): this {
    return this.append(countStage(fieldName));
  }

  /** One document per element of an array field: `'$tags'` or `{ path, includeArrayIndex?, preserveNullAndEmptyArrays? }`. */
  unwind(spec: string | { path: string; includeArrayIndex?: string; preserveNullAndEmptyArrays?: boolean }): this {
    return this.append(unwindStage(spec));
  }

  /** `size` documents picked at random. */
  sample(spec: { size: number }): this {
    return this.append(sampleStage(spec));
  }

  /** Runs the pipeline: `{ list, errMsg: 'collection.aggregate:ok' }`; -502005 for a never-created collection. */
  end(): Promise<AggregateResult> {
    const stages = [...this.stages];
    const cap = stages.some((stage) => stage.name === 'limit') ? LOCAL_DB_LIMITS.maxAggregateLimit : LOCAL_DB_LIMITS.defaultAggregateLimit;
    return this.executor.read('collection.aggregate', async (context) => {
      const collection = await context.collection(this.collectionName);
      const list = await runAggregate(collection, stages, context.at);
      return { list: list.slice(0, cap), errMsg: 'collection.aggregate:ok' };
    });
  }

  /** Not implemented locally. */
  bucket(..._args: unknown[]): never {
    return unsupportedStage('bucket');
  }
  /** Not implemented locally. */
  bucketAuto(..._args: unknown[]): never {
    return unsupportedStage('bucketAuto');
  }
  /** Not implemented locally. */
  collStats(..._args: unknown[]): never {
    return unsupportedStage('collStats');
  }
  /** Not implemented locally. */
  facet(..._args: unknown[]): never {
    return unsupportedStage('facet');
  }
  /** Not implemented locally. */
  geoNear(..._args: unknown[]): never {
    return unsupportedStage('geoNear');
  }
  /** Not implemented locally. */
  graphLookup(..._args: unknown[]): never {
    return unsupportedStage('graphLookup');
  }
  /** Not implemented locally. */
  indexStats(..._args: unknown[]): never {
    return unsupportedStage('indexStats');
  }
  /** Not implemented locally. */
  lookup(..._args: unknown[]): never {
    return unsupportedStage('lookup');
  }
  /** Not implemented locally. */
  out(..._args: unknown[]): never {
    return unsupportedStage('out');
  }
  /** Not implemented locally. */
  redact(..._args: unknown[]): never {
    return unsupportedStage('redact');
  }
  /** Not implemented locally. */
  replaceRoot(..._args: unknown[]): never {
    return unsupportedStage('replaceRoot');
  }
  /** Not implemented locally. */
  sortByCount(..._args: unknown[]): never {
    return unsupportedStage('sortByCount');
  }

  private append(stage: AggregateStage): this {
    this.stages.push(stage);
    return this;
  }
}
