// Part of `npm run build` (scripts/build-schemas.js): a CRD's schema spells out
// the same subschema wherever it is used (the Spark operator's CRDs repeat a
// pod's affinity, volumes and containers for the driver and the executor; Argo
// CD's ApplicationSet repeats a whole Application for every generator), and
// ajv compiles each copy into code of its own: 8.4 MB of validators for
// ApplicationSet's 0.4 MB schema. Moving each repeated subschema into a
// definition that every place references compiles it once; the validators
// check the same and report the same errors (only their schemaPath, which
// check does not use, changes).
//
// A large subschema that occurs once is also moved into a definition of its
// own (splitLargeSubschemas): ajv compiles each definition into a function,
// and V8 compiles a function only when it first runs, so a check of a
// SparkApplication compiles (or deserialises from the code cache) only the
// parts of the CRD that its fields reach, not the whole CRD's code.
'use strict';
const { createHash } = require('node:crypto');

/** Keywords whose value is a subschema, a list of subschemas, or a map of them, in the schemas build-schemas.js writes. */
const SUBSCHEMA = new Set(['items', 'additionalProperties', 'not']);
const SUBSCHEMA_LISTS = new Set(['allOf', 'anyOf', 'oneOf']);
const SUBSCHEMA_MAPS = new Set(['properties', 'patternProperties']);

/** Each place holding a subschema directly below `schema`, as [container, key]. */
function subschemaPlaces(schema) {
  const places = [];
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return places;
  for (const [keyword, value] of Object.entries(schema)) {
    if (value === null || typeof value !== 'object') continue;
    if (SUBSCHEMA.has(keyword) && !Array.isArray(value)) places.push([schema, keyword]);
    else if (SUBSCHEMA_LISTS.has(keyword) && Array.isArray(value)) value.forEach((_, i) => places.push([value, i]));
    else if (SUBSCHEMA_MAPS.has(keyword) && !Array.isArray(value)) Object.keys(value).forEach((key) => places.push([value, key]));
  }
  return places;
}

/**
 * A subschema that means the same anywhere: no `$id` (which would change the
 * base of its references), and references only to the shared definitions.
 * A bare reference is left as it is: moving it would give another one.
 */
function movable(text) {
  const keys = Object.keys(JSON.parse(text));
  if (keys.length === 1 && keys[0] === '$ref') return false;
  return !text.includes('"$id"') && [...text.matchAll(/"\$ref":"([^"]*)"/g)].every(([, ref]) => ref.startsWith('#/definitions/'));
}

/** The text of every movable subschema of at least `minBytes` below `roots`, with how often it occurs. */
function countSubschemas(roots, minBytes) {
  const counts = new Map();
  const visit = (schema) => {
    for (const [container, key] of subschemaPlaces(schema)) {
      const text = JSON.stringify(container[key]);
      if (text.length >= minBytes) counts.set(text, (counts.get(text) ?? 0) + 1);
      visit(container[key]);
    }
  };
  roots.forEach(visit);
  return counts;
}

function replaceSubschema(schema, text, ref) {
  for (const [container, key] of subschemaPlaces(schema)) {
    if (JSON.stringify(container[key]) === text) container[key] = { $ref: ref };
    else replaceSubschema(container[key], text, ref);
  }
}

/**
 * Moves every subschema of at least `minBytes` (as JSON) that occurs more
 * than once below `schemas` (exported schemas) and `definitions` into a new
 * definition `repeated.<digest>`, and puts a `$ref` to it in each place,
 * largest first (a repeated part of a moved subschema is then counted once).
 * Changes the given objects; returns the definitions it added.
 * References are written as `#/definitions/…`, as the given schemas'.
 */
function shareRepeatedSubschemas(schemas, definitions, minBytes) {
  const added = {};
  const roots = () => [...Object.values(schemas), ...Object.values(definitions), ...Object.values(added)];
  for (;;) {
    let largest;
    for (const [text, count] of countSubschemas(roots(), minBytes)) {
      if (count > 1 && (largest === undefined || text.length > largest.length) && movable(text)) largest = text;
    }
    if (largest === undefined) return added;
    const name = `repeated.${createHash('sha256').update(largest).digest('hex').slice(0, 16)}`;
    for (const root of roots()) replaceSubschema(root, largest, `#/definitions/${name}`);
    added[name] = JSON.parse(largest);
  }
}

/**
 * Moves every movable subschema of at least `minBytes` (as JSON) below
 * `schemas` (exported schemas) into a definition `part.<digest>` of its own,
 * largest first, and puts a `$ref` to it in its place: ajv compiles it into a
 * function of its own, which V8 compiles only when a checked object has the
 * field it checks. Compiled inline, every part of a CRD is compiled (or, from
 * a code cache, deserialised) whenever any object of the kind is checked.
 * Changes the given objects; returns the definitions it added.
 */
function splitLargeSubschemas(schemas, minBytes) {
  const added = {};
  const roots = () => [...Object.values(schemas), ...Object.values(added)];
  for (;;) {
    let largest;
    for (const text of countSubschemas(roots(), minBytes).keys()) {
      if ((largest === undefined || text.length > largest.length) && movable(text)) largest = text;
    }
    if (largest === undefined) return added;
    const name = `part.${createHash('sha256').update(largest).digest('hex').slice(0, 16)}`;
    for (const root of roots()) replaceSubschema(root, largest, `#/definitions/${name}`);
    added[name] = JSON.parse(largest);
  }
}

module.exports = { shareRepeatedSubschemas, splitLargeSubschemas };
