import { Construct } from 'constructs';
import { clusterScoped } from '../../../constructs/cluster-scoped';
import { ApiObject } from 'cdk8s';
import {
  Ec2NodeClass,
  Ec2NodeClassSpecAmiFamily,
  Ec2NodeClassSpecBlockDeviceMappingsEbsVolumeType,
  Ec2NodeClassSpecMetadataOptionsHttpEndpoint,
  Ec2NodeClassSpecMetadataOptionsHttpProtocolIPv6,
  Ec2NodeClassSpecMetadataOptionsHttpTokens,
} from '../../../../imports/karpenter.k8s.aws';
import { nodePool } from '../config/schema-node-pool';

/** Selects subnets or security groups by tags, ID or (security groups only) name: exactly one. */
export interface SelectorTerm {
  /** Tags the resource carries (every one). */
  readonly tags?: Record<string, string>;
  /** The resource ID (`subnet-…`, `sg-…`). */
  readonly id?: string;
  /** The security group's name. */
  readonly name?: string;
}

/** The root EBS volume (`/dev/xvda` on Amazon Linux); always encrypted and deleted with the node. */
export interface KarpenterRootVolumeProps {
  /** Size of the root volume. */
  readonly sizeGiB: number;
  /** `gp3`, `gp2`, `io1` or `io2`. @default 'gp3' */
  readonly volumeType?: string;
  /** @default - the volume type's baseline */
  readonly iops?: number;
  /** @default - the volume type's baseline */
  readonly throughput?: number;
  /** @default - the account's default EBS key */
  readonly kmsKeyId?: string;
}

/** The config's `nodePools[].ec2NodeClass.rootVolume` settings: the defaults of the props that mirror them. */
const ROOT_VOLUME = nodePool.properties.ec2NodeClass.properties.rootVolume.properties;

export interface KarpenterNodeClassProps {
  /** Name of the EC2NodeClass (cluster-scoped). */
  readonly name: string;
  /** @default {} */
  readonly labels?: Record<string, string>;
  /** An AMI alias such as `al2023@latest`, or an AMI ID with the family Karpenter bootstraps it as. */
  readonly ami: { readonly alias: string } | { readonly id: string; readonly family: 'AL2023' | 'AL2' };
  /** Node IAM role name; exactly one of `role` and `instanceProfile`. @default - instanceProfile */
  readonly role?: string;
  /** @default - Karpenter creates one for `role` */
  readonly instanceProfile?: string;
  /** Subnets nodes are launched in (terms are ORed). */
  readonly subnetSelectorTerms: readonly SelectorTerm[];
  /** Security groups of the nodes (terms are ORed). */
  readonly securityGroupSelectorTerms: readonly SelectorTerm[];
  /** The root EBS volume (`/dev/xvda` on Amazon Linux); always encrypted and deleted with the node. */
  readonly rootVolume: KarpenterRootVolumeProps;
  /** EC2 tags of the instances and volumes. @default {} */
  readonly tags?: Record<string, string>;
  /** Merged by Karpenter with its own bootstrap. @default - Karpenter's bootstrap only */
  readonly userData?: string;
}

/**
 * A Karpenter v1 EC2NodeClass: how nodes of a pool are launched. Instance
 * metadata requires IMDSv2 tokens with a hop limit of 1, so only the host
 * (where Mountpoint runs), never a pod, reaches the node role's credentials.
 * Its one object is the child `Resource` (`ApiObject.of(nodeClass)`).
 */
export class KarpenterNodeClass extends Construct {
  /** What a NodePool's `nodeClassRef` names. */
  readonly ref: { readonly group: string; readonly kind: string; readonly name: string };

  constructor(scope: Construct, id: string, props: KarpenterNodeClassProps) {
    super(scope, id);
    if ((props.role === undefined) === (props.instanceProfile === undefined)) {
      throw new Error(`EC2NodeClass ${props.name}: exactly one of role and instanceProfile is required`);
    }
    const { apiVersion, kind } = Ec2NodeClass.GVK;
    this.ref = { group: apiVersion.split('/')[0], kind, name: props.name };
    const root = props.rootVolume;
    new Ec2NodeClass(this, 'Resource', {
      metadata: { name: props.name, labels: props.labels },
      spec: {
        amiSelectorTerms: ['alias' in props.ami ? { alias: props.ami.alias } : { id: props.ami.id }],
        amiFamily: 'family' in props.ami ? (props.ami.family as Ec2NodeClassSpecAmiFamily) : undefined,
        role: props.role,
        instanceProfile: props.instanceProfile,
        subnetSelectorTerms: props.subnetSelectorTerms.map((t) => ({ tags: t.tags, id: t.id })),
        securityGroupSelectorTerms: props.securityGroupSelectorTerms.map((t) => ({ tags: t.tags, id: t.id, name: t.name })),
        blockDeviceMappings: [
          {
            deviceName: '/dev/xvda',
            rootVolume: true,
            ebs: {
              volumeSize: `${root.sizeGiB}Gi`,
              volumeType: (root.volumeType ?? ROOT_VOLUME.volumeType.default) as Ec2NodeClassSpecBlockDeviceMappingsEbsVolumeType,
              iops: root.iops,
              throughput: root.throughput,
              encrypted: true,
              kmsKeyId: root.kmsKeyId,
              deleteOnTermination: true,
            },
          },
        ],
        metadataOptions: {
          httpEndpoint: Ec2NodeClassSpecMetadataOptionsHttpEndpoint.ENABLED,
          httpProtocolIPv6: Ec2NodeClassSpecMetadataOptionsHttpProtocolIPv6.DISABLED,
          httpPutResponseHopLimit: 1,
          httpTokens: Ec2NodeClassSpecMetadataOptionsHttpTokens.REQUIRED,
        },
        tags: props.tags && Object.keys(props.tags).length ? props.tags : undefined,
        userData: props.userData,
      },
    });
    clusterScoped(ApiObject.of(this));
  }
}
