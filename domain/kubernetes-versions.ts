/**
 * The Kubernetes minor versions this platform accepts, apart from the rest of domain/versions.ts
 * so the add-on matrix can be keyed by them without importing the file that imports it.
 */

/** Kubernetes minor versions this platform accepts (EKS standard support, accepted by @pulumi/eks v4). */
export const KUBERNETES_VERSIONS = ["1.34", "1.35", "1.36"] as const;
export type KubernetesVersion = (typeof KUBERNETES_VERSIONS)[number];
