/**
 * Pure builders of the EFS side of the cluster: the StorageClass parameters and the example
 * workload. Parameters are those of the driver's docs/parameters.md at tag v3.4.1.
 */
import type { EfsConfig } from "../../stacks/schema/platform-services.js";
import { echoContainer, echoPodSecurityContext } from "../ingress/echo-pod.js";
import { onKarpenterNodes } from "../ingress/scheduling.js";

export type EfsIaTransition = EfsConfig["transitionToIa"];

/** NFS, the only port an EFS mount target answers on. */
export const NFS_PORT = 2049;
/** The CSI driver's name (`provisioner` of its StorageClasses). */
export const EFS_PROVISIONER = "efs.csi.aws.com";
export const EFS_STORAGE_CLASS = "efs";
/** The controller's service account, which gets AmazonEFSCSIDriverPolicy (docs/iam-policy-create.md). */
export const EFS_CONTROLLER_SERVICE_ACCOUNT = "efs-csi-controller-sa";
export const EFS_DRIVER_POLICY = "service-role/AmazonEFSCSIDriverPolicy";

/**
 * Dynamic provisioning through access points: each claim gets its own access point rooted at
 * `/dynamic/<namespace>/<claim>-<uid>`, owned by a POSIX id from the driver's range and enforced
 * by EFS, so two claims never see each other's files.
 */
export function efsStorageClassParameters(fileSystemId: string): Record<string, string> {
    return {
        provisioningMode: "efs-ap",
        fileSystemId,
        directoryPerms: "700",
        basePath: "/dynamic",
        subPathPattern: "${.PVC.namespace}/${.PVC.name}",
        ensureUniqueDirectory: "true",
    };
}

export const EFS_EXAMPLE_NAMESPACE = "efs-example";
export const EFS_EXAMPLE_CLAIM = "shared";
const EXAMPLE_LABELS = { "app.kubernetes.io/name": "efs-example", "app.kubernetes.io/part-of": "eks-platform" };

/** A ReadWriteMany claim on the `efs` class (EFS is elastic: the size is required, not enforced). */
export function efsExampleClaim() {
    return {
        metadata: { name: EFS_EXAMPLE_CLAIM, namespace: EFS_EXAMPLE_NAMESPACE },
        spec: {
            accessModes: ["ReadWriteMany"],
            storageClassName: EFS_STORAGE_CLASS,
            resources: { requests: { storage: "1Gi" } },
        },
    };
}

/**
 * Two replicas that both mount the claim, forced onto different nodes (required anti-affinity on
 * the hostname): both Running means the volume is shared across nodes, which EBS cannot do.
 */
export function efsExampleDeployment() {
    return {
        metadata: { name: "efs-example", namespace: EFS_EXAMPLE_NAMESPACE, labels: EXAMPLE_LABELS },
        spec: {
            replicas: 2,
            selector: { matchLabels: EXAMPLE_LABELS },
            template: {
                metadata: { labels: EXAMPLE_LABELS },
                spec: {
                    automountServiceAccountToken: false,
                    securityContext: echoPodSecurityContext(),
                    affinity: {
                        ...onKarpenterNodes(),
                        podAntiAffinity: {
                            requiredDuringSchedulingIgnoredDuringExecution: [
                                { topologyKey: "kubernetes.io/hostname", labelSelector: { matchLabels: EXAMPLE_LABELS } },
                            ],
                        },
                    },
                    containers: [echoContainer("efs-example: the shared volume is mounted at /shared", [{ name: "shared", mountPath: "/shared" }])],
                    volumes: [{ name: "shared", persistentVolumeClaim: { claimName: EFS_EXAMPLE_CLAIM } }],
                },
            },
        },
    };
}
