/**
 * Every version this platform pins, in one place: Kubernetes, managed add-ons,
 * Helm charts and images. Upgrade here, run `npm test`, read the plan.
 */

/** Kubernetes minor versions this platform accepts (EKS standard support, accepted by @pulumi/eks v4). */
export const KUBERNETES_VERSIONS = ["1.34", "1.35", "1.36"] as const;
export type KubernetesVersion = (typeof KUBERNETES_VERSIONS)[number];

/** The default: the newest version in EKS standard support. */
export const DEFAULT_KUBERNETES_VERSION: KubernetesVersion = "1.36";
