import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mergePatch } from '../src/core/patch.js';

describe('PATCH merging', () => {
  it('application/json merges objects, removes nulls and appends arrays (seed 001)', () => {
    const merged = mergePatch({ a: { b: 1, c: 2 }, list: ['x'], keep: true }, { a: { c: null, d: 3 }, list: ['y'] }, 'append');
    assert.deepEqual(merged, { a: { b: 1, d: 3 }, list: ['x', 'y'], keep: true });
  });

  it('application/merge-patch+json (RFC 7396) replaces arrays', () => {
    const merged = mergePatch({ list: ['x'], n: 1 }, { list: ['y'], n: null }, 'replace');
    assert.deepEqual(merged, { list: ['y'] });
  });
});
