#!/usr/bin/env bash
# Regenerates the typed CRD classes in imports/ from the CRDs in ../shared/crds,
# offline (cdk8s import reads local files without the network). cdk8s import
# writes one file per API group, so the two Spark operator CRDs are imported
# together from one multi-document file.
set -euo pipefail
cd "$(dirname "$0")/.."
crds=${CRDS_DIR:-../shared/crds}
work=$(mktemp -d)
# cdk8s import records every imported file in cdk8s.yaml: keep ours as it is.
cp cdk8s.yaml "$work/cdk8s.yaml"
trap 'cp "$work/cdk8s.yaml" cdk8s.yaml; rm -rf "$work"' EXIT
{
  cat "$crds/sparkoperator.k8s.io_sparkapplications.yaml"
  printf -- '---\n'
  cat "$crds/sparkoperator.k8s.io_scheduledsparkapplications.yaml"
} >"$work/sparkoperator.k8s.io.yaml"
for crd in "$work/sparkoperator.k8s.io.yaml" "$crds/karpenter.sh_nodepools.yaml" "$crds/karpenter.k8s.aws_ec2nodeclasses.yaml"; do
  npx cdk8s import --no-check-upgrade --language typescript --output imports "$crd"
done
# cdk8s import writes map conversions that are quadratic in the number of keys.
node scripts/linear-imports.js imports
