import { isRecord } from '../pod-specs';
import { Finding, finding, referenceOutsideSet } from '../types';
import { namespaceOf, ObjectIndex } from './object-index';

/**
 * Static provisioning (the Mountpoint CSI driver's only mode) binds a claim to
 * a volume when both name each other: `volumeName` on the claim, `claimRef`
 * on the volume, and the same storage class ("" on both; a claim without one
 * gets the cluster's default class and never binds).
 */
export function checkPersistentVolumes(index: ObjectIndex): Finding[] {
  const findings: Finding[] = [];
  for (const claim of index.ofKind('PersistentVolumeClaim')) {
    const spec = isRecord(claim.object.spec) ? claim.object.spec : {};
    if (typeof spec.volumeName !== 'string') continue;
    const volume = index.find('PersistentVolume', undefined, spec.volumeName);
    if (!volume) {
      findings.push(referenceOutsideSet(claim, '/spec/volumeName', 'pv-pvc', `PersistentVolume "${spec.volumeName}"`));
      continue;
    }
    const volumeSpec = isRecord(volume.object.spec) ? volume.object.spec : {};
    const ref = volumeSpec.claimRef;
    const claimName = String(claim.object.metadata?.name);
    if (isRecord(ref) && (ref.name !== claimName || (ref.namespace ?? 'default') !== namespaceOf(claim))) {
      findings.push(
        finding(
          claim,
          '/spec/volumeName',
          'pv-pvc',
          `PersistentVolume "${spec.volumeName}" is reserved for claim ${String(ref.namespace)}/${String(ref.name)}`,
        ),
      );
    }
    const volumeClass = volumeSpec.storageClassName ?? '';
    if (spec.storageClassName !== volumeClass) {
      findings.push(
        finding(
          claim,
          '/spec/storageClassName',
          'pv-pvc',
          `storageClassName must be ${JSON.stringify(volumeClass)} like PersistentVolume "${spec.volumeName}"` +
            (spec.storageClassName === undefined ? ' (left out, the default StorageClass is assigned and the claim never binds)' : ''),
        ),
      );
    }
  }
  for (const volume of index.ofKind('PersistentVolume')) {
    const ref = volume.object.spec?.claimRef;
    if (!isRecord(ref) || typeof ref.name !== 'string') continue;
    const claim = index.find('PersistentVolumeClaim', typeof ref.namespace === 'string' ? ref.namespace : 'default', ref.name);
    if (!claim) {
      findings.push(referenceOutsideSet(volume, '/spec/claimRef', 'pv-pvc', `PersistentVolumeClaim ${String(ref.namespace)}/${ref.name}`));
    } else if (claim.object.spec?.volumeName !== undefined && claim.object.spec.volumeName !== volume.object.metadata?.name) {
      findings.push(
        finding(
          volume,
          '/spec/claimRef',
          'pv-pvc',
          `PersistentVolumeClaim ${String(ref.namespace)}/${ref.name} asks for volume "${String(claim.object.spec.volumeName)}"`,
        ),
      );
    }
  }
  return findings;
}
