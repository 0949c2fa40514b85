import { userDataSizeProblem } from '../../size-limits';
import { isRecord } from '../pod-specs';
import { Finding, finding, Resource } from '../types';

/**
 * Karpenter merges an EC2NodeClass's userData with its own part into the
 * launch template's user data, which EC2 caps at 16 KB: too large a userData
 * passes the API server but no node of the class ever starts.
 */
export function checkKarpenterUserData(resource: Resource): Finding[] {
  const { object } = resource;
  if (object.kind !== 'EC2NodeClass' || object.apiVersion !== 'karpenter.k8s.aws/v1') return [];
  const userData = isRecord(object.spec) ? object.spec.userData : undefined;
  const problem = typeof userData === 'string' ? userDataSizeProblem(userData) : undefined;
  return problem === undefined ? [] : [finding(resource, '/spec/userData', 'userdata-size', problem)];
}
