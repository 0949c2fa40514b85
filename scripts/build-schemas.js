#!/usr/bin/env node
// Part of `npm run build`: turns the vendored schemas/ into
//   build/schemas/v1.XX.0-standalone-strict/<kind>-<group>-<version>.json
//       kubeconform's layout (standalone: every $ref points inside the file;
//       strict: unknown fields are errors), built-in kinds and CRDs alike, so the
//       real kubeconform reads the same directory with
//       -schema-location 'build/schemas/{{.NormalizedKubernetesVersion}}-standalone{{.StrictSuffix}}/{{.ResourceKind}}{{.KindSuffix}}.json'
//   build/schemas/validators/*.js       ajv validators compiled to code ahead of time
//                                       (one module per Kubernetes version, one per CRD
//                                       schema), each with its V8 code cache
//   build/schemas/index.json            apiVersion + kind → file and validator, per version
//   build/schemas/cel-rules.json        group/version/kind of every vendored CRD → its schema when
//                                       it carries CEL rules (x-kubernetes-validations), else null:
//                                       `check` reads a few kB instead of every CRD schema
// Compiling all schemas takes seconds, so the output is reused while its inputs
// (vendored schemas, this script, ajv) are unchanged.
'use strict';
const { createHash } = require('node:crypto');
const { mkdirSync, readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const Ajv = require('ajv').default;
const standaloneCode = require('ajv/dist/standalone').default;
const { buildWhenInputsChange, ROOT } = require('./build-cache');
const { writeCodeCache } = require('../build/lib/code-cache.js');

const OUT = join(ROOT, 'build', 'schemas');
const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

/**
 * kubeconform's strict reading of an OpenAPI schema as JSON Schema: objects
 * with declared properties refuse others unless Kubernetes keeps unknown
 * fields; int-or-string and nullable become JSON Schema types; extensions go.
 */
function strict(schema) {
  if (schema === null || typeof schema !== 'object') return schema;
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key.startsWith('x-kubernetes-') || key === 'nullable') continue;
    if (key === 'properties') out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, strict(v)]));
    else if (['oneOf', 'anyOf', 'allOf'].includes(key)) out[key] = value.map(strict);
    else if (['items', 'additionalProperties', 'not'].includes(key)) out[key] = strict(value);
    else out[key] = value;
  }
  if (schema['x-kubernetes-int-or-string']) out.type = ['integer', 'string'];
  if (schema.nullable && typeof out.type === 'string') out.type = [out.type, 'null'];
  const types = [].concat(out.oneOf ?? []).map((branch) => Object.keys(branch).length === 1 && branch.type);
  if (types.length > 1 && types.every((t) => typeof t === 'string')) {
    // IntOrString and Quantity: a union of plain types reads better as one `type`.
    delete out.oneOf;
    out.type = types;
  }
  if (out.properties && !('additionalProperties' in out) && !schema['x-kubernetes-preserve-unknown-fields']) {
    out.additionalProperties = false;
  }
  return out;
}

function definitionsFor(kubernetes, version) {
  const defs = {};
  for (const [name, variants] of Object.entries(kubernetes.definitions)) {
    const variant = variants.find((v) => v.versions.includes(version));
    if (variant) defs[name] = variant.schema;
  }
  return defs;
}

function refsOf(schema, found = new Set()) {
  if (schema && typeof schema === 'object') {
    if (typeof schema.$ref === 'string') found.add(schema.$ref.replace('#/definitions/', ''));
    for (const value of Object.values(schema)) refsOf(value, found);
  }
  return found;
}

/** The definitions `root` needs, transitively. */
function closure(root, defs) {
  const needed = new Set();
  const queue = [...refsOf(root)];
  while (queue.length) {
    const name = queue.pop();
    if (needed.has(name)) continue;
    needed.add(name);
    queue.push(...refsOf(defs[name]));
  }
  return Object.fromEntries([...needed].sort().map((n) => [n, defs[n]]));
}

/** kubeconform's file name for a kind: group shortened to its first label, core group omitted. */
function kubeconformFileName(group, version, kind) {
  const suffix = group ? `-${group.split('.')[0].toLowerCase()}-${version}` : `-${version}`;
  return `${kind.toLowerCase()}${suffix}.json`;
}

/** Every kind of a version: built-in definitions that name one kind, then CRDs. */
function kindsOf(rawDefs, crds) {
  const kinds = [];
  for (const def of Object.values(rawDefs)) {
    const gvks = def['x-kubernetes-group-version-kind'];
    if (!gvks || gvks.length !== 1) continue; // DeleteOptions, WatchEvent…: shared by every group, not objects
    const { group, version, kind } = gvks[0];
    kinds.push({ group, version, kind, schema: strict(def), crd: false });
  }
  for (const crd of crds) {
    const schema = strict(crd.schema);
    schema.properties.metadata = { $ref: `#/definitions/${OBJECT_META}` };
    kinds.push({ group: crd.group, version: crd.version, kind: crd.kind, schema, crd: true });
  }
  return kinds;
}

/** Compiles schemas (`{ exportName: schema }`, sharing `defs`) into one CommonJS module of validators. */
function compileModule(file, schemas, defs) {
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false, inlineRefs: false, code: { source: true, lines: false } });
  ajv.addSchema({ $id: 'k8s', definitions: defs });
  for (const [exportName, schema] of Object.entries(schemas)) {
    ajv.addSchema({ ...JSON.parse(JSON.stringify(schema).replaceAll('"#/definitions/', '"k8s#/definitions/')), $id: exportName });
  }
  const names = Object.fromEntries(Object.keys(schemas).map((n) => [n, n]));
  const path = join(OUT, 'validators', file);
  writeFileSync(path, standaloneCode(ajv, names));
  writeCodeCache(path, (validators) => Object.values(validators).forEach((validate) => validate({})));
}

function digestOf(value) {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);
}

function buildVersion(kubernetes, crds, version, crdModules) {
  const rawDefs = definitionsFor(kubernetes, version);
  const defs = Object.fromEntries(Object.entries(rawDefs).map(([n, d]) => [n, strict(d)]));
  const dirName = `v${version}.0-standalone-strict`;
  mkdirSync(join(OUT, dirName), { recursive: true });
  const index = {};
  const builtins = {};
  const builtinModule = `k8s-v${version}.js`;
  for (const { group, version: apiVersion, kind, schema, crd } of kindsOf(rawDefs, crds)) {
    const file = kubeconformFileName(group, apiVersion, kind);
    const standalone = { ...schema, definitions: closure(schema, defs) };
    writeFileSync(join(OUT, dirName, file), JSON.stringify(standalone));
    const exportName = `v_${file.replace(/\.json$/, '').replace(/[^A-Za-z0-9]/g, '_')}`;
    let module = builtinModule;
    if (crd) {
      // A CRD's schema hardly depends on the Kubernetes version (only through
      // ObjectMeta): one module per distinct schema, shared by the versions.
      module = `crd-${digestOf(standalone)}.js`;
      crdModules.set(module, { exportName, standalone });
    } else builtins[exportName] = schema;
    index[`${group ? `${group}/` : ''}${apiVersion}/${kind}`] = { file: `${dirName}/${file}`, module, validator: exportName, crd };
  }
  compileModule(builtinModule, builtins, defs);
  return index;
}

function celRuleSchemas(crds) {
  return Object.fromEntries(
    crds.map(({ group, version, kind, schema }) => [
      `${group}/${version}/${kind}`,
      JSON.stringify(schema).includes('"x-kubernetes-validations"') ? schema : null,
    ]),
  );
}

function main() {
  const files = [
    'schemas/kubernetes.json',
    'schemas/crds.json',
    'scripts/build-schemas.js',
    'build/lib/code-cache.js',
    'node_modules/ajv/package.json',
  ];
  buildWhenInputsChange({ outDir: OUT, files, clean: true }, () => {
    const kubernetes = JSON.parse(readFileSync(join(ROOT, 'schemas', 'kubernetes.json'), 'utf8'));
    const crds = JSON.parse(readFileSync(join(ROOT, 'schemas', 'crds.json'), 'utf8'));
    mkdirSync(join(OUT, 'validators'));
    const index = {};
    const crdModules = new Map();
    for (const version of kubernetes.versions) index[version] = buildVersion(kubernetes, crds, version, crdModules);
    for (const [file, { exportName, standalone }] of crdModules) {
      const { definitions, ...schema } = standalone;
      compileModule(file, { [exportName]: schema }, definitions);
    }
    writeFileSync(join(OUT, 'index.json'), JSON.stringify(index));
    writeFileSync(join(OUT, 'cel-rules.json'), JSON.stringify(celRuleSchemas(crds)));
  });
}

main();
