import { dns1123Label } from '../kube-syntax';
import { ContainerAt, containersOf, isRecord, PodSpecAt, podSpecsOf, SPARK_ROLES, sparkSpecsOf } from '../pod-specs';
import { Finding, finding, pointer, Resource } from '../types';

/**
 * What the API server refuses in pod specs although every schema accepts it:
 * duplicate names, mounts of undeclared volumes, contradictory security
 * settings, host ports that cannot work with the host network.
 */
export function checkPodSpecs(resource: Resource): Finding[] {
  const findings = podSpecsOf(resource.object).flatMap((pod) => checkPod(resource, pod));
  for (const app of sparkSpecsOf(resource.object)) findings.push(...checkSparkApplication(resource, app));
  return findings;
}

function checkPod(resource: Resource, pod: PodSpecAt): Finding[] {
  const containers = containersOf(pod);
  const volumeNames = declaredVolumes(resource, pod.spec.volumes, pointer(pod.path, 'volumes'));
  const findings = [...volumeNames.findings, ...duplicateContainers(resource, containers)];
  for (const at of containers) {
    findings.push(...securityContext(resource, at.container.securityContext, pointer(at.path, 'securityContext')));
    findings.push(...volumeMounts(resource, at.container, at.path, volumeNames.names));
    findings.push(...ports(resource, at, pod.spec.hostNetwork === true));
  }
  return findings;
}

/** Driver and executor are pods whose one container is configured inline, mounting volumes from spec.volumes. */
function checkSparkApplication(resource: Resource, app: PodSpecAt): Finding[] {
  const { spec } = app;
  const volumeNames = declaredVolumes(resource, spec.volumes, pointer(app.path, 'volumes'));
  const findings = [...volumeNames.findings];
  for (const role of SPARK_ROLES) {
    const pod = spec[role];
    if (!isRecord(pod)) continue;
    const path = pointer(app.path, role);
    findings.push(...securityContext(resource, pod.securityContext, pointer(path, 'securityContext')));
    findings.push(...volumeMounts(resource, pod, path, volumeNames.names));
  }
  return findings;
}

function declaredVolumes(resource: Resource, volumes: unknown, path: string): { names: Set<string>; findings: Finding[] } {
  const names = new Set<string>();
  const findings: Finding[] = [];
  (Array.isArray(volumes) ? volumes : []).forEach((volume, i) => {
    const name = isRecord(volume) ? volume.name : undefined;
    if (typeof name !== 'string') return;
    const at = pointer(path, i, 'name');
    if (names.has(name)) findings.push(finding(resource, at, 'duplicate-volume', `volume name "${name}" is used twice`));
    const syntax = dns1123Label(name);
    if (syntax) findings.push(finding(resource, at, 'name-syntax', `volume name "${name}" ${syntax}`));
    names.add(name);
  });
  return { names, findings };
}

function duplicateContainers(resource: Resource, containers: ContainerAt[]): Finding[] {
  const seen = new Set<string>();
  const findings: Finding[] = [];
  for (const { container, path } of containers) {
    if (typeof container.name !== 'string') continue;
    const at = pointer(path, 'name');
    if (seen.has(container.name))
      findings.push(finding(resource, at, 'duplicate-container', `container name "${container.name}" is used twice`));
    const syntax = dns1123Label(container.name);
    if (syntax) findings.push(finding(resource, at, 'name-syntax', `container name "${container.name}" ${syntax}`));
    seen.add(container.name);
  }
  return findings;
}

function securityContext(resource: Resource, context: unknown, path: string): Finding[] {
  if (!isRecord(context) || context.privileged !== true || context.allowPrivilegeEscalation !== false) return [];
  return [
    finding(
      resource,
      pointer(path, 'allowPrivilegeEscalation'),
      'privileged-escalation',
      'cannot set allowPrivilegeEscalation to false and privileged to true',
    ),
  ];
}

function volumeMounts(resource: Resource, container: Record<string, unknown>, path: string, volumes: Set<string>): Finding[] {
  const privileged = isRecord(container.securityContext) && container.securityContext.privileged === true;
  const mounts: unknown[] = Array.isArray(container.volumeMounts) ? container.volumeMounts : [];
  return mounts.flatMap((mount, i) => {
    if (!isRecord(mount)) return [];
    const at = pointer(path, 'volumeMounts', i);
    const findings: Finding[] = [];
    if (typeof mount.name === 'string' && !volumes.has(mount.name)) {
      findings.push(
        finding(resource, pointer(at, 'name'), 'missing-volume', `volume "${mount.name}" is not declared in the pod's volumes`),
      );
    }
    if (mount.mountPropagation === 'Bidirectional' && !privileged) {
      findings.push(
        finding(
          resource,
          pointer(at, 'mountPropagation'),
          'bidirectional-unprivileged',
          'Bidirectional mount propagation is only allowed in privileged containers',
        ),
      );
    }
    return findings;
  });
}

/**
 * Ports must be valid TCP/UDP port numbers (a hostPort of 0 means none), and
 * with the host network a container listens on the node itself, so a host
 * port can only be the container port.
 */
function ports(resource: Resource, { container, path }: ContainerAt, hostNetwork: boolean): Finding[] {
  const list: unknown[] = Array.isArray(container.ports) ? container.ports : [];
  return list.flatMap((port, i) => {
    if (!isRecord(port)) return [];
    const at = pointer(path, 'ports', i);
    const findings: Finding[] = [];
    if (typeof port.containerPort === 'number' && !(port.containerPort >= 1 && port.containerPort <= 65535)) {
      findings.push(
        finding(resource, pointer(at, 'containerPort'), 'host-port', `containerPort ${port.containerPort} must be between 1 and 65535`),
      );
    }
    if (typeof port.hostPort === 'number' && !(port.hostPort >= 0 && port.hostPort <= 65535)) {
      findings.push(finding(resource, pointer(at, 'hostPort'), 'host-port', `hostPort ${port.hostPort} must be between 1 and 65535`));
    } else if (hostNetwork && port.hostPort !== undefined && port.hostPort !== port.containerPort) {
      findings.push(
        finding(
          resource,
          pointer(at, 'hostPort'),
          'host-port',
          `hostPort ${port.hostPort} must equal containerPort ${port.containerPort} when hostNetwork is true`,
        ),
      );
    }
    return findings;
  });
}
