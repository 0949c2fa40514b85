#!/usr/bin/env node
// Part of `npm run build`: turns the vendored schemas/ into
//   build/schemas/v1.XX.0-standalone-strict/<kind>-<group>-<version>.json
//       kubeconform's layout (standalone: every $ref points inside the file;
//       strict: unknown fields are errors), built-in kinds and CRDs alike, so the
//       real kubeconform reads the same directory with
//       -schema-location 'build/schemas/{{.NormalizedKubernetesVersion}}-standalone{{.StrictSuffix}}/{{.ResourceKind}}{{.KindSuffix}}.json'
//   build/schemas/validators/*.js       ajv validators compiled to code ahead of time, each
//                                       with its V8 code cache: one module per kind and its
//                                       list (one for all kinds that embed a pod spec, one for
//                                       the kinds synth writes for every team), named
//                                       after its content, so a run loads only the kinds it
//                                       checks and versions share a kind's unchanged module
//   build/schemas/index.json            apiVersion + kind → file and validator, per version
//   build/schemas/index-<version>.json  the same, of one version
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
const { shareRepeatedSubschemas, splitLargeSubschemas } = require('./shared-subschemas');
const { writeCodeCache } = require('../build/lib/code-cache.js');

const OUT = join(ROOT, 'build', 'schemas');
const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
const POD_SPEC = 'io.k8s.api.core.v1.PodSpec';
/** Subschemas this large (as JSON) or larger are compiled once however often they occur: measured, smaller ones cost more calls than they save. */
const MIN_SHARED_SUBSCHEMA_BYTES = 100;
/** Subschemas of a kind's own schema this large (as JSON) or larger are compiled into functions of their own, even when they occur once. */
const MIN_SPLIT_SUBSCHEMA_BYTES = 1000;

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

/**
 * Compiles schemas (`{ exportName: schema }`, sharing `defs`) into one CommonJS
 * module of validators. Repeated subschemas are compiled once
 * (shared-subschemas.js); references go to the definitions, given the id `k8s`.
 */
function compileModule(file, schemas, defs) {
  const copy = (value) => JSON.parse(JSON.stringify(value));
  const [ownSchemas, definitions] = [copy(schemas), copy(defs)];
  Object.assign(definitions, shareRepeatedSubschemas(ownSchemas, definitions, MIN_SHARED_SUBSCHEMA_BYTES));
  Object.assign(definitions, splitLargeSubschemas(ownSchemas, MIN_SPLIT_SUBSCHEMA_BYTES));
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false, inlineRefs: false, code: { source: true, lines: false } });
  ajv.addSchema({ $id: 'k8s', definitions });
  for (const [exportName, schema] of Object.entries(ownSchemas)) {
    ajv.addSchema({ ...JSON.parse(JSON.stringify(schema).replaceAll('"#/definitions/', '"k8s#/definitions/')), $id: exportName });
  }
  const names = Object.fromEntries(Object.keys(schemas).map((n) => [n, n]));
  const path = join(OUT, 'validators', file);
  writeFileSync(path, standaloneCode(ajv, names));
  // The modules that checking the default config's manifests loads get their caches written again by
  // scripts/bundle-cli.js, after it has run the CLI: with every function that check compiled.
  writeCodeCache(path, (validators) => Object.values(validators).forEach((validate) => validate({})));
}

function digestOf(value) {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);
}

/**
 * The built-in kinds synth writes for the teams of every platform, whatever
 * the approach: every check of a synth meets them all, so they share one
 * module, which loads once and compiles their common definitions (ObjectMeta
 * and its parts) once.
 */
const TEAM_KINDS = new Set([
  '/v1/Namespace',
  '/v1/ServiceAccount',
  '/v1/ConfigMap',
  'rbac.authorization.k8s.io/v1/Role',
  'rbac.authorization.k8s.io/v1/RoleBinding',
]);

/**
 * Which validator module a kind goes to: one module per kind and its list,
 * so that a run loads the validators of the kinds it checks, not those of
 * every kind of the version. Kinds that embed a pod spec share one module:
 * that part is most of their code. So do the kinds synth writes for teams.
 */
function moduleGroupOf({ group, version, kind, crd }, standalone, kindNames) {
  if (!crd && POD_SPEC in standalone.definitions) return 'pod-templates';
  const listed = kind.endsWith('List') && kindNames.has(`${group}/${version}/${kind.slice(0, -'List'.length)}`);
  const listedKind = listed ? kind.slice(0, -'List'.length) : kind;
  if (!crd && TEAM_KINDS.has(`${group}/${version}/${listedKind}`)) return 'team-kinds';
  return kubeconformFileName(group, version, listedKind).replace(/\.json$/, '');
}

/**
 * Writes the standalone schemas of a Kubernetes version and returns its index;
 * adds the validator modules it needs to `modules` (file → schemas and their
 * definitions). A module is named after its content, so versions whose
 * schemas of a kind are the same share its module.
 */
function buildVersion(kubernetes, crds, version, modules) {
  const rawDefs = definitionsFor(kubernetes, version);
  const defs = Object.fromEntries(Object.entries(rawDefs).map(([n, d]) => [n, strict(d)]));
  const dirName = `v${version}.0-standalone-strict`;
  mkdirSync(join(OUT, dirName), { recursive: true });
  const kinds = kindsOf(rawDefs, crds);
  const kindNames = new Set(kinds.map(({ group, version: apiVersion, kind }) => `${group}/${apiVersion}/${kind}`));
  const groups = new Map();
  const entries = [];
  for (const kindOf of kinds) {
    const { group, version: apiVersion, kind, schema, crd } = kindOf;
    const file = kubeconformFileName(group, apiVersion, kind);
    const standalone = { ...schema, definitions: closure(schema, defs) };
    writeFileSync(join(OUT, dirName, file), JSON.stringify(standalone));
    const exportName = `v_${file.replace(/\.json$/, '').replace(/[^A-Za-z0-9]/g, '_')}`;
    const name = moduleGroupOf(kindOf, standalone, kindNames);
    const moduleGroup = groups.get(name) ?? { schemas: {}, defs: {} };
    groups.set(name, moduleGroup);
    moduleGroup.schemas[exportName] = schema;
    Object.assign(moduleGroup.defs, standalone.definitions);
    entries.push({
      key: `${group ? `${group}/` : ''}${apiVersion}/${kind}`,
      file: `${dirName}/${file}`,
      group: name,
      validator: exportName,
      crd,
    });
  }
  const moduleOf = new Map();
  for (const [name, { schemas, defs: groupDefs }] of groups) {
    const sorted = {
      schemas,
      defs: Object.fromEntries(
        Object.keys(groupDefs)
          .sort()
          .map((n) => [n, groupDefs[n]]),
      ),
    };
    const file = `${name}-${digestOf(sorted)}.js`;
    modules.set(file, sorted);
    moduleOf.set(name, file);
  }
  return Object.fromEntries(
    entries.map(({ key, file, group, validator, crd }) => [key, { file, module: moduleOf.get(group), validator, crd }]),
  );
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
    'scripts/shared-subschemas.js',
    'build/lib/code-cache.js',
    'node_modules/ajv/package.json',
  ];
  buildWhenInputsChange({ outDir: OUT, files, clean: true }, () => {
    const kubernetes = JSON.parse(readFileSync(join(ROOT, 'schemas', 'kubernetes.json'), 'utf8'));
    const crds = JSON.parse(readFileSync(join(ROOT, 'schemas', 'crds.json'), 'utf8'));
    mkdirSync(join(OUT, 'validators'));
    const index = {};
    const modules = new Map();
    for (const version of kubernetes.versions) index[version] = buildVersion(kubernetes, crds, version, modules);
    for (const [file, { schemas, defs }] of modules) compileModule(file, schemas, defs);
    writeFileSync(join(OUT, 'index.json'), JSON.stringify(index));
    // One version's part alone, for a check of that version: a tenth of the whole to parse.
    for (const version of kubernetes.versions) writeFileSync(join(OUT, `index-${version}.json`), JSON.stringify(index[version]));
    writeFileSync(join(OUT, 'cel-rules.json'), JSON.stringify(celRuleSchemas(crds)));
  });
}

main();
