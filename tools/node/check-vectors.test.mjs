// node --test: every vector file is well formed (vectors/README.md), and
// every case of an op the JavaScript model knows gives the recorded answer.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { WireError, ops } from './wire-model.mjs';

const root = fileURLToPath(new URL('../../vectors/', import.meta.url));

function vectorFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return vectorFiles(path);
    return name.endsWith('.json') && name !== 'schema.json' ? [path] : [];
  });
}

function answer(op, args, profile) {
  try {
    return { result: 'valid', expect: ops[op](args, profile) };
  } catch (err) {
    if (!(err instanceof WireError)) throw err;
    return { result: 'invalid', error: err.code };
  }
}

function checkShape(doc) {
  assert.equal(doc.schema, 'wzp-vectors/1');
  const ids = new Set();
  const cited = new Set();
  for (const group of doc.testGroups) {
    assert.ok(group.profiles.length > 0, 'group without profiles');
    for (const t of group.tests) {
      assert.ok(!ids.has(t.tcId), `tcId ${t.tcId} repeated`);
      ids.add(t.tcId);
      assert.ok(t.requirements.length > 0, `tcId ${t.tcId} cites nothing`);
      t.requirements.forEach((r) => cited.add(r));
      t.flags.forEach((f) => assert.ok(f in doc.notes, `flag ${f} has no note`));
      assert.ok(t.result === 'valid' ? 'expect' in t : 'error' in t, `tcId ${t.tcId} shape`);
    }
  }
  assert.equal(ids.size, doc.numberOfTests);
  assert.deepEqual([...cited].sort(), [...doc.requirements].sort());
}

for (const path of vectorFiles(root)) {
  const name = relative(root, path);
  test(name, () => {
    const doc = JSON.parse(readFileSync(path, 'utf8'));
    checkShape(doc);
    for (const group of doc.testGroups) {
      if (!(group.op in ops)) continue;
      for (const profile of group.profiles) {
        for (const t of group.tests) {
          const got = answer(group.op, t.args, profile);
          const where = `${name} tcId ${t.tcId} @${profile}`;
          assert.equal(got.result, t.result, where);
          if (t.result === 'invalid') assert.equal(got.error, t.error, where);
          else for (const k of Object.keys(t.expect)) assert.deepEqual(got.expect[k], t.expect[k], `${where} ${k}`);
        }
      }
    }
  });
}
