import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { EfsIaTransition } from "./efs-objects.js";
import { NFS_PORT } from "./efs-objects.js";

export interface EfsFileSystemArgs {
    /** The cluster's name: the key's alias, the file system's Name tag. */
    readonly clusterName: string;
    /** The VPC the mount targets live in. */
    readonly vpcId: pulumi.Input<string>;
    /** The private subnets: one mount target each, so every AZ mounts locally. */
    readonly privateSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** How many private subnets there are (`network.azCount`): the mount targets must be counted before the subnets exist. */
    readonly subnetCount: number;
    /**
     * Security groups of the nodes that mount the file system. The cluster security group covers
     * both the system node group and Karpenter's nodes (their EC2NodeClass selects it by tag).
     */
    readonly nodeSecurityGroupIds: pulumi.Input<string>[];
    /** When untouched files move to Infrequent Access. @default "AFTER_30_DAYS" */
    readonly transitionToIa?: EfsIaTransition;
    /** Automatic daily AWS Backup. @default false */
    readonly backups?: boolean;
    /** Protect the file system and its key from deletion. @default false */
    readonly protect?: boolean;
    /** Tags for every resource. @default {} */
    readonly tags?: Record<string, string>;
}

export const EFS_FILE_SYSTEM_DEFAULTS = {
    transitionToIa: "AFTER_30_DAYS" as EfsIaTransition,
    backups: false,
    protect: false,
    tags: {} as Record<string, string>,
};

/**
 * The AWS side of shared storage: a regional (multi-AZ) EFS file system encrypted with its own
 * rotated KMS key, a mount target in each private subnet behind a security group that admits NFS
 * from the nodes only, Infrequent Access after a while, and AWS Backup where asked.
 */
export class EfsFileSystem extends pulumi.ComponentResource {
    readonly fileSystem: aws.efs.FileSystem;
    readonly fileSystemId: pulumi.Output<string>;
    readonly key: aws.kms.Key;
    readonly securityGroup: aws.ec2.SecurityGroup;
    readonly mountTargets: aws.efs.MountTarget[];

    constructor(name: string, args: EfsFileSystemArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:storage:EfsFileSystem", name, {}, opts);
        const { transitionToIa, backups, protect, tags } = { ...EFS_FILE_SYSTEM_DEFAULTS, ...args };

        this.key = new aws.kms.Key(
            `${name}-key`,
            {
                description: `Encryption at rest of the EFS file system of EKS cluster ${args.clusterName}`,
                enableKeyRotation: true,
                deletionWindowInDays: 30,
                tags,
            },
            { parent: this, protect },
        );
        new aws.kms.Alias(`${name}-key`, { name: `alias/eks/${args.clusterName}/efs`, targetKeyId: this.key.keyId }, { parent: this });

        this.fileSystem = new aws.efs.FileSystem(
            `${name}-fs`,
            {
                encrypted: true,
                kmsKeyId: this.key.arn,
                performanceMode: "generalPurpose",
                // Elastic throughput bills what is read and written, not provisioned capacity an idle platform would waste.
                throughputMode: "elastic",
                lifecyclePolicies: [{ transitionToIa }, { transitionToPrimaryStorageClass: "AFTER_1_ACCESS" }],
                tags: { ...tags, Name: `${args.clusterName}-efs` },
            },
            { parent: this, protect },
        );
        this.fileSystemId = this.fileSystem.id;

        new aws.efs.BackupPolicy(
            `${name}-backup`,
            { fileSystemId: this.fileSystem.id, backupPolicy: { status: backups ? "ENABLED" : "DISABLED" } },
            { parent: this },
        );

        this.securityGroup = new aws.ec2.SecurityGroup(
            `${name}-nfs`,
            {
                vpcId: args.vpcId,
                description: `NFS to the EFS mount targets of EKS cluster ${args.clusterName}, from its nodes only`,
                tags: { ...tags, Name: `${args.clusterName}-efs` },
            },
            { parent: this },
        );
        args.nodeSecurityGroupIds.forEach((groupId, i) => {
            new aws.vpc.SecurityGroupIngressRule(
                `${name}-nfs-from-nodes-${i}`,
                {
                    securityGroupId: this.securityGroup.id,
                    referencedSecurityGroupId: groupId,
                    ipProtocol: "tcp",
                    fromPort: NFS_PORT,
                    toPort: NFS_PORT,
                    description: "NFS from the cluster's nodes (system node group and Karpenter)",
                    tags,
                },
                { parent: this },
            );
        });

        const subnetIds = pulumi.output(args.privateSubnetIds);
        this.mountTargets = Array.from(
            { length: args.subnetCount },
            (_, i) =>
                new aws.efs.MountTarget(
                    `${name}-mount-${i}`,
                    { fileSystemId: this.fileSystem.id, subnetId: subnetIds.apply((ids) => ids[i]!), securityGroups: [this.securityGroup.id] },
                    { parent: this },
                ),
        );

        this.registerOutputs({ fileSystemId: this.fileSystemId, keyArn: this.key.arn });
    }
}
