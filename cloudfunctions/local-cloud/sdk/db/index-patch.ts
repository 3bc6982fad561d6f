/**
 * One fix to nedb's indexes (the AVL trees of @seald-io/binary-search-tree 1.x, which nedb 4.1 uses), installed once.
 *
 * Each index keeps, per key, the array of documents with that key. Many of the cases' indexed fields have one key
 * for most documents (status 'resolved', open false, dueAt null, …), so that array holds nearly every case. When a
 * document is updated or removed, the tree took it out of the array by FILTERING the whole array into a new one
 * (avltree.js `delete(key, value)`): one pass and one allocation of tens of thousands of references, per index, per
 * write — most of a write's time in a store of 20 000 cases, and much of its garbage.
 * Here the document is taken out of the same array in place (indexOf + splice: native, no allocation). The result
 * is the same array content in the same order (a document is in a key's array once: nedb indexes the distinct keys
 * of a document). Nothing else holds on to those arrays across a write: nedb copies candidates before using them,
 * and store.ts copies them when it takes a snapshot.
 */
import * as path from 'node:path';

interface TreeNode {
  key?: unknown;
  data: unknown[];
  left: TreeNode | null;
  right: TreeNode | null;
  compareKeys(a: unknown, b: unknown): number;
  checkValueEquality(a: unknown, b: unknown): boolean;
}

interface AvlTreeClass {
  prototype: { tree: TreeNode; delete(this: { tree: TreeNode }, key: unknown, value?: unknown): void };
}

let installed = false;

/** Installs the in-place value deletion on the AVL tree class nedb uses (idempotent). */
export function patchNedbIndexes(): void {
  if (installed) return;
  installed = true;
  // The tree package nedb itself resolves (not whichever copy would resolve from here).
  const nedbDir = path.dirname(require.resolve('@seald-io/nedb/package.json'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { AVLTree } = require(require.resolve('@seald-io/binary-search-tree', { paths: [nedbDir] })) as { AVLTree: AvlTreeClass };
  const original = AVLTree.prototype.delete;
  AVLTree.prototype.delete = function (this: { tree: TreeNode }, key: unknown, value?: unknown): void {
    if (value !== undefined) {
      let node: TreeNode | null = this.tree;
      while (node !== null && Object.prototype.hasOwnProperty.call(node, 'key')) {
        const order = node.compareKeys(key, node.key);
        if (order === 0) break;
        node = order < 0 ? node.left : node.right;
      }
      // Only a value out of a key holding several (the whole-node case rebalances the tree: nedb's own code).
      if (node !== null && Object.prototype.hasOwnProperty.call(node, 'key') && node.data.length > 1 && node.checkValueEquality(value, value)) {
        for (let at = node.data.indexOf(value); at >= 0; at = node.data.indexOf(value, at)) node.data.splice(at, 1);
        return;
      }
      if (node === null || !Object.prototype.hasOwnProperty.call(node, 'key')) return; // key absent: nothing to do
    }
    original.call(this, key, value);
  };
}
