#!/usr/bin/env node
// Derives the schemas `check` needs at run time from ../shared (which users do
// not have) into schemas/, committed:
//   schemas/kubernetes.json  every definition of the supported Kubernetes versions, each
//                            distinct body stored once with the versions it
//                            belongs to (most definitions never change)
//   schemas/crds.json        the openAPIV3Schema of every served CRD version,
//                            with its CEL rules (x-kubernetes-validations):
//                            the CRDs our manifests use (crds/) and those of
//                            the GitOps objects under DIR/gitops/ (crds/gitops/:
//                            Argo CD Application, ApplicationSet, AppProject;
//                            Flux GitRepository, HelmChart, HelmRelease, Kustomization)
// Descriptions and client-side hints (patch strategy, list/map types) are
// dropped: they do not change what is valid. `npm run build` turns these into
// kubeconform's per-kind layout and compiled validators (scripts/build-schemas.js).
'use strict';
const { readFileSync, readdirSync, writeFileSync, mkdirSync } = require('node:fs');
const { join } = require('node:path');
const yaml = require('js-yaml');

const ROOT = join(__dirname, '..');
const SHARED = process.env.SHARED_DIR || join(ROOT, '..', 'shared');
// The supported versions are written once, in the config schema (compiled by `npm run build`).
const { KUBERNETES_VERSIONS: VERSIONS } = require(join(ROOT, 'build', 'lib', 'config', 'schema.js'));

/** Keywords that decide validity, plus the Kubernetes extensions the build and CEL stages read. */
const KEPT = new Set([
  'type',
  'properties',
  'required',
  'items',
  'additionalProperties',
  'enum',
  'format',
  '$ref',
  'oneOf',
  'anyOf',
  'allOf',
  'not',
  'pattern',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'minProperties',
  'maxProperties',
  'uniqueItems',
  'multipleOf',
  'nullable',
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-int-or-string',
  'x-kubernetes-embedded-resource',
  'x-kubernetes-validations',
  'x-kubernetes-group-version-kind',
]);
const SCHEMA_MAPS = new Set(['properties']);
const SCHEMA_LISTS = new Set(['oneOf', 'anyOf', 'allOf']);
const SCHEMA_VALUES = new Set(['items', 'additionalProperties', 'not']);

function prune(schema) {
  const out = {};
  for (const key of Object.keys(schema).sort()) {
    if (!KEPT.has(key)) continue;
    const value = schema[key];
    if (SCHEMA_MAPS.has(key))
      out[key] = Object.fromEntries(
        Object.keys(value)
          .sort()
          .map((k) => [k, prune(value[k])]),
      );
    else if (SCHEMA_LISTS.has(key)) out[key] = value.map(prune);
    else if (SCHEMA_VALUES.has(key) && typeof value === 'object') out[key] = prune(value);
    else if (key === 'x-kubernetes-validations') {
      out[key] = value.map(({ rule, message, messageExpression, fieldPath }) => ({ rule, message, messageExpression, fieldPath }));
    } else out[key] = value;
  }
  return out;
}

function vendorKubernetes() {
  /** name → [{ versions, schema }], one entry per distinct body. */
  const definitions = {};
  for (const version of VERSIONS) {
    const file = join(SHARED, 'kubernetes', `v${version}.0`, '_definitions.json');
    const defs = JSON.parse(readFileSync(file, 'utf8')).definitions;
    for (const name of Object.keys(defs).sort()) {
      const schema = prune(defs[name]);
      const text = JSON.stringify(schema);
      const variants = (definitions[name] ??= []);
      const same = variants.find((v) => JSON.stringify(v.schema) === text);
      if (same) same.versions.push(version);
      else variants.push({ versions: [version], schema });
    }
  }
  return { versions: VERSIONS, definitions };
}

/** The directories of CRD files under ../shared, each read in file-name order. */
const CRD_DIRS = ['crds', join('crds', 'gitops')];

function vendorCrds() {
  const crds = [];
  const files = CRD_DIRS.flatMap((dir) =>
    readdirSync(join(SHARED, dir))
      .filter((f) => f.endsWith('.yaml'))
      .sort()
      .map((f) => join(SHARED, dir, f)),
  );
  for (const file of files) {
    const crd = yaml.load(readFileSync(file, 'utf8'));
    for (const version of crd.spec.versions.filter((v) => v.served)) {
      crds.push({
        group: crd.spec.group,
        kind: crd.spec.names.kind,
        version: version.name,
        scope: crd.spec.scope,
        schema: prune(version.schema.openAPIV3Schema),
      });
    }
  }
  return crds;
}

function main() {
  const out = join(ROOT, 'schemas');
  mkdirSync(out, { recursive: true });
  // One definition per line: diffs between regenerations stay readable.
  const kubernetes = vendorKubernetes();
  const lines = Object.entries(kubernetes.definitions).map(([name, variants]) => `${JSON.stringify(name)}:${JSON.stringify(variants)}`);
  writeFileSync(
    join(out, 'kubernetes.json'),
    `{"versions":${JSON.stringify(kubernetes.versions)},"definitions":{\n${lines.join(',\n')}\n}}\n`,
  );
  writeFileSync(
    join(out, 'crds.json'),
    `[\n${vendorCrds()
      .map((c) => JSON.stringify(c))
      .join(',\n')}\n]\n`,
  );
}

main();
