import { supportedVersions } from '../../lib/check/schema-registry';
import { KUBERNETES_VERSIONS } from '../../lib/config/schema';

test('check has the vendored API definitions of exactly the Kubernetes versions a config may name', () => {
  expect(supportedVersions()).toEqual([...KUBERNETES_VERSIONS]);
});
