import { CheckContext, Finding } from './types';
import { checkSparkHostPaths } from './wiring/host-mounts';
import { checkNodeClassReferences, checkSparkNodeSelection } from './wiring/node-pools';
import { ObjectIndex } from './wiring/object-index';
import { checkPersistentVolumes } from './wiring/persistent-volumes';
import { checkRoleReferences, checkServiceAccountReferences } from './wiring/rbac-references';

const RULES = [
  checkPersistentVolumes,
  checkServiceAccountReferences,
  checkRoleReferences,
  checkNodeClassReferences,
  checkSparkNodeSelection,
  checkSparkHostPaths,
];

/**
 * Step 4: references between the checked objects. The checked set is taken
 * to be everything that will be applied together, so a reference to an
 * object outside it is an error.
 */
export function checkWiring(context: CheckContext): Finding[] {
  const index = new ObjectIndex(context.resources);
  return RULES.flatMap((rule) => rule(index));
}
