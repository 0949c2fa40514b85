import { checkConfigMap } from './api-server/config-map';
import { checkIntegerFormats } from './api-server/integer-formats';
import { checkKarpenterUserData } from './api-server/karpenter-user-data';
import { checkPodSpecs } from './api-server/containers';
import { checkMetadata } from './api-server/metadata';
import { checkObjectSize } from './api-server/object-size';
import { checkSelector } from './api-server/selector';
import { checkSparkOperator } from './api-server/spark-operator';
import { CheckContext, Finding } from './types';

const RULES = [
  checkMetadata,
  checkPodSpecs,
  checkSelector,
  checkConfigMap,
  checkObjectSize,
  checkIntegerFormats,
  checkKarpenterUserData,
  checkSparkOperator,
];

/** Step 3: what the API server's validation refuses although the schemas accept it. */
export function checkApiServerRules(context: CheckContext): Finding[] {
  return context.resources.flatMap((resource) => RULES.flatMap((rule) => rule(resource, context.kubernetesVersion)));
}
