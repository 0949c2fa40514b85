#!/usr/bin/env bash
# Regenerates the typed CRD classes in imports/ from the CRDs in ../shared/crds,
# offline (cdk8s import reads local files without the network).
set -euo pipefail
cd "$(dirname "$0")/.."
crds=${CRDS_DIR:-../shared/crds}
for crd in sparkoperator.k8s.io_sparkapplications karpenter.sh_nodepools karpenter.k8s.aws_ec2nodeclasses; do
  npx cdk8s import --no-check-upgrade --language typescript --output imports "$crds/$crd.yaml"
done
# cdk8s import writes map conversions that are quadratic in the number of keys.
node scripts/linear-imports.js imports
