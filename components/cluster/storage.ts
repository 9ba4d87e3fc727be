import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

export const DEFAULT_CLASS_ANNOTATION = "storageclass.kubernetes.io/is-default-class";

export interface DefaultStorageArgs {
    /** The cluster's Kubernetes provider. */
    readonly provider: k8s.Provider;
    /** The EBS CSI driver add-on that provisions gp3 volumes. */
    readonly csiDriver: pulumi.Input<pulumi.Resource>;
}

/**
 * `gp3` (EBS CSI, encrypted, bound when a pod is scheduled so the volume lands in the pod's AZ)
 * as the only default StorageClass. EKS still creates the in-tree `gp2` class; a server-side
 * patch marks it non-default, which also fixes clusters created before EKS stopped marking it.
 */
export class DefaultStorage extends pulumi.ComponentResource {
    readonly gp3: k8s.storage.v1.StorageClass;

    constructor(name: string, args: DefaultStorageArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:cluster:DefaultStorage", name, {}, opts);
        const k8sOpts = { parent: this, provider: args.provider, dependsOn: [args.csiDriver] };

        this.gp3 = new k8s.storage.v1.StorageClass(
            `${name}-gp3`,
            {
                metadata: { name: "gp3", annotations: { [DEFAULT_CLASS_ANNOTATION]: "true" } },
                provisioner: "ebs.csi.aws.com",
                parameters: { type: "gp3", encrypted: "true", fsType: "ext4" },
                volumeBindingMode: "WaitForFirstConsumer",
                allowVolumeExpansion: true,
                reclaimPolicy: "Delete",
            },
            k8sOpts,
        );

        new k8s.storage.v1.StorageClassPatch(
            `${name}-gp2-not-default`,
            {
                metadata: {
                    name: "gp2",
                    annotations: {
                        [DEFAULT_CLASS_ANNOTATION]: "false",
                        // EKS owns the gp2 object; take over just this field.
                        "pulumi.com/patchForce": "true",
                    },
                },
            },
            k8sOpts,
        );

        this.registerOutputs({ defaultStorageClass: "gp3" });
    }
}
