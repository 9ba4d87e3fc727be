/**
 * Every version this platform pins, in one place: Kubernetes, managed add-ons,
 * Helm charts and images. Upgrade here, run `npm test`, read the plan.
 */

/** Kubernetes minor versions this platform accepts (EKS standard support, accepted by @pulumi/eks v4). */
export const KUBERNETES_VERSIONS = ["1.34", "1.35", "1.36"] as const;
export type KubernetesVersion = (typeof KUBERNETES_VERSIONS)[number];

/** The default: the newest version in EKS standard support. */
export const DEFAULT_KUBERNETES_VERSION: KubernetesVersion = "1.36";

/**
 * EKS managed add-on versions for DEFAULT_KUBERNETES_VERSION (1.36). Check an upgrade with
 * `aws eks describe-addon-versions --kubernetes-version <v> --addon-name <name>` before
 * changing a line here: EKS rejects a version it does not offer for the cluster's version.
 */
export const ADDON_VERSIONS = {
    "vpc-cni": "v1.22.4-eksbuild.3",
    "eks-pod-identity-agent": "v1.3.10-eksbuild.3",
    "kube-proxy": "v1.36.0-eksbuild.25",
    coredns: "v1.14.3-eksbuild.23",
    "aws-ebs-csi-driver": "v1.63.1-eksbuild.1",
} as const;
export type AddonName = keyof typeof ADDON_VERSIONS;
