import { ApiObject, Chart, JsonPatch } from 'cdk8s';

/**
 * cdk8s gives every object the namespace of its chart; a cluster-scoped
 * object must carry none, also in a user's chart that sets one.
 */
export function clusterScoped<T extends ApiObject>(object: T): T {
  if (Chart.of(object).namespace !== undefined) object.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
  return object;
}
