import { S3PersistentVolume, S3PersistentVolumeProps } from '../../lib';
import { alone, childObjects, objectNames, objectOfKind, patchedBy } from './synth';

const MINIMAL: S3PersistentVolumeProps = {
  volumeHandle: 'team-a-jars',
  bucketName: 'my-jars',
  namespace: 'team-a',
  claimName: 's3-jars',
  readOnly: true,
  mountOptions: ['region us-west-2', 'read-only'],
};
const withProps = (props: Partial<S3PersistentVolumeProps>) =>
  alone((chart) => new S3PersistentVolume(chart, 'volume', { ...MINIMAL, ...props }));
const volume = (props: Partial<S3PersistentVolumeProps> = {}) => objectOfKind(withProps(props).chart, 'PersistentVolume');

describe('S3PersistentVolume', () => {
  test('from minimal props: the PersistentVolume named by its handle and the claim in its namespace', () => {
    expect(objectNames(withProps({}).chart)).toEqual(['PersistentVolume/team-a-jars', 'PersistentVolumeClaim/team-a/s3-jars']);
  });

  test('the volume is statically provisioned by the S3 CSI driver, pinned to the one claim, kept when released', () => {
    expect(volume().spec).toEqual({
      capacity: { storage: '1Gi' },
      accessModes: ['ReadOnlyMany'],
      storageClassName: '',
      persistentVolumeReclaimPolicy: 'Retain',
      claimRef: { namespace: 'team-a', name: 's3-jars' },
      mountOptions: ['region us-west-2', 'read-only'],
      csi: { driver: 's3.csi.aws.com', volumeHandle: 'team-a-jars', volumeAttributes: { bucketName: 'my-jars' } },
    });
  });

  test('the claim names the volume and asks for the same access mode', () => {
    expect(objectOfKind(withProps({ readOnly: false }).chart, 'PersistentVolumeClaim').spec).toEqual({
      accessModes: ['ReadWriteMany'],
      storageClassName: '',
      volumeName: 'team-a-jars',
      resources: { requests: { storage: '1Gi' } },
    });
  });

  test('authentication source, an emptyDir cache and Mountpoint container resources become CSI volume attributes', () => {
    const attributes = volume({
      authenticationSource: 'pod',
      cache: { type: 'emptyDir', sizeLimit: '1Gi', medium: 'Memory' },
      mountpointContainerResources: { requests: { cpu: '100m' }, limits: { memory: '1Gi' } },
    }).spec.csi.volumeAttributes;
    expect(attributes).toEqual({
      bucketName: 'my-jars',
      authenticationSource: 'pod',
      cache: 'emptyDir',
      cacheEmptyDirSizeLimit: '1Gi',
      cacheEmptyDirMedium: 'Memory',
      mountpointContainerResourcesRequestsCpu: '100m',
      mountpointContainerResourcesLimitsMemory: '1Gi',
    });
  });

  test('an ephemeral cache names its storage class and size', () => {
    const attributes = volume({ cache: { type: 'ephemeral', storageClassName: 'gp3', size: '10Gi' } }).spec.csi.volumeAttributes;
    expect(attributes).toEqual({
      bucketName: 'my-jars',
      cache: 'ephemeral',
      cacheEphemeralStorageClassName: 'gp3',
      cacheEphemeralStorageResourceRequest: '10Gi',
    });
  });

  test('its objects are the children Resource (the PersistentVolume) and PersistentVolumeClaim', () => {
    expect(childObjects(withProps({}).construct)).toEqual({
      Resource: 'PersistentVolume/team-a-jars',
      PersistentVolumeClaim: 'PersistentVolumeClaim/s3-jars',
    });
  });

  test('ApiObject.of(construct) patches the PersistentVolume', () => {
    const { chart, construct } = withProps({});
    expect(patchedBy(chart, construct)).toEqual({ 'PersistentVolume/team-a-jars': ['example.com/patched'] });
  });

  test("ApiObject.of(node.findChild('PersistentVolumeClaim')) patches the claim", () => {
    const { chart, construct } = withProps({});
    expect(patchedBy(chart, construct.node.findChild('PersistentVolumeClaim'))).toEqual({
      'PersistentVolumeClaim/s3-jars': ['example.com/patched'],
    });
  });
});
