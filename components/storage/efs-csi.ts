import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { AwsContext } from "../aws-context.js";
import type { AddonSpec } from "../cluster/addon-specs.js";
import { ClusterAddons } from "../cluster/addons.js";
import {
    EFS_CONTROLLER_SERVICE_ACCOUNT,
    EFS_DRIVER_POLICY,
    EFS_EXAMPLE_NAMESPACE,
    EFS_PROVISIONER,
    EFS_STORAGE_CLASS,
    efsExampleClaim,
    efsExampleDeployment,
    efsStorageClassParameters,
} from "./efs-objects.js";

export interface EfsCsiArgs {
    /** The cluster name (trust policy session tag). */
    readonly clusterName: string;
    /** The live cluster's name output, so the add-on waits for the control plane. */
    readonly cluster: pulumi.Input<string>;
    /** The cluster's Kubernetes provider. */
    readonly provider: k8s.Provider;
    /** The `aws-efs-csi-driver` add-on version for the cluster's Kubernetes version (`domain/addon-matrix.ts`). */
    readonly addonVersion: string;
    /** The file system the StorageClass provisions access points in. */
    readonly fileSystemId: pulumi.Input<string>;
    /** The mount targets: nothing mounts before they exist, and they go only after every claim is gone. */
    readonly mountTargets: pulumi.Resource[];
    /** What the driver's controller Deployment needs to schedule (the system node group). */
    readonly nodes: pulumi.Input<pulumi.Resource>[];
    readonly aws: AwsContext;
    /** The example claim and the two pods that share it. @default false */
    readonly example?: boolean;
    /** Also wait for these before starting the example pods (Karpenter's NodePools). @default [] */
    readonly exampleAfter?: pulumi.Input<pulumi.Resource>[];
    /** Tags for every AWS resource. @default {} */
    readonly tags?: Record<string, string>;
}

export const EFS_CSI_DEFAULTS = { example: false, exampleAfter: [] as pulumi.Input<pulumi.Resource>[], tags: {} as Record<string, string> };

/** The EFS CSI driver as an EKS managed add-on (IAM through Pod Identity on the controller). */
export function efsAddonSpec(version: string): AddonSpec {
    return {
        name: "aws-efs-csi-driver",
        version,
        phase: "afterNodes",
        podIdentity: { serviceAccount: EFS_CONTROLLER_SERVICE_ACCOUNT, managedPolicy: EFS_DRIVER_POLICY },
    };
}

/**
 * The in-cluster side of EFS: the CSI driver add-on, the `efs` StorageClass (gp3 stays the
 * default), and in dev a ReadWriteMany claim shared by two pods on different nodes.
 */
export class EfsCsi extends pulumi.ComponentResource {
    readonly addon: aws.eks.Addon;
    readonly storageClass: k8s.storage.v1.StorageClass;

    constructor(name: string, args: EfsCsiArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:storage:EfsCsi", name, {}, opts);
        const { example, exampleAfter, tags } = { ...EFS_CSI_DEFAULTS, ...args };
        const provider = args.provider;

        // The add-on's own podIdentityAssociations, not a separate association: EKS creates the
        // association with the add-on, so the controller's first pods already get credentials,
        // and it goes away with the add-on instead of outliving it.
        const addons = new ClusterAddons(
            `${name}-addon`,
            { clusterName: args.clusterName, cluster: args.cluster, specs: [efsAddonSpec(args.addonVersion)], aws: args.aws, addonsAfter: args.nodes, tags },
            { parent: this },
        );
        this.addon = addons.addons["aws-efs-csi-driver"]!;

        this.storageClass = new k8s.storage.v1.StorageClass(
            `${name}-class`,
            {
                metadata: { name: EFS_STORAGE_CLASS },
                provisioner: EFS_PROVISIONER,
                parameters: pulumi.output(args.fileSystemId).apply(efsStorageClassParameters),
                // EFS is regional: any node in any AZ mounts it, so binding need not wait for the pod.
                volumeBindingMode: "Immediate",
                reclaimPolicy: "Delete",
            },
            { parent: this, provider, dependsOn: [this.addon] },
        );

        if (example) {
            const namespace = new k8s.core.v1.Namespace(
                `${name}-example-namespace`,
                { metadata: { name: EFS_EXAMPLE_NAMESPACE } },
                { parent: this, provider },
            );
            // The claim depends on the class (hence the driver) and the mount targets, so a destroy
            // deletes it, and its access point, while the driver and the mount targets still exist.
            const claim = new k8s.core.v1.PersistentVolumeClaim(`${name}-example-claim`, efsExampleClaim(), {
                parent: this,
                provider,
                dependsOn: [namespace, this.storageClass, ...args.mountTargets],
            });
            new k8s.apps.v1.Deployment(`${name}-example`, efsExampleDeployment(), {
                parent: this,
                provider,
                dependsOn: [claim, ...exampleAfter],
            });
        }

        this.registerOutputs({ storageClass: EFS_STORAGE_CLASS });
    }
}
