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

/**
 * Traefik Helm chart. 41.3.0 deploys Traefik v3.7.11; its values schema rejects unknown keys
 * (enforced since chart 39), so `components/ingress/traefik-values.ts` is typed against it.
 */
export const TRAEFIK_CHART = { repo: "https://traefik.github.io/charts", chart: "traefik", version: "41.3.0" } as const;

/** cert-manager Helm chart (jetstack repository versions carry the leading v); installs its CRDs. */
export const CERT_MANAGER_CHART = { repo: "https://charts.jetstack.io", chart: "cert-manager", version: "v1.21.1" } as const;

/** The validation echo server: distroless nonroot (uid 65532), listens on 5678, answers /health. */
export const ECHO_IMAGE = "hashicorp/http-echo:1.0.0";

/**
 * Karpenter: the controller and CRD charts share one version (public.ecr.aws/karpenter,
 * chart `charts/karpenter/values.yaml` at the 1.14.1 tag: image controller:1.14.1).
 */
export const KARPENTER_VERSION = "1.14.1";

/**
 * The AL2023 EKS AMI release Karpenter nodes boot (`al2023@<release>`), an awslabs/amazon-eks-ami
 * release tag (v20260923: amazon-eks-node-al2023-x86_64-standard-1.36-v20260923). Never
 * `@latest`: a new AMI would roll every node. Upgrade after testing in dev; it is drift, so
 * Karpenter replaces nodes within the NodePools' disruption budgets.
 */
export const KARPENTER_AMI_ALIAS = "al2023@v20260923";

/** Cluster-service charts: deliveryhero node-local-dns (app 1.26.7), kubernetes-sigs metrics-server (app 0.8.1). */
export const NODE_LOCAL_DNS_CHART_VERSION = "2.4.0";
export const METRICS_SERVER_CHART_VERSION = "3.13.1";

/**
 * NVIDIA device plugin chart (repository nvdp, `deployments/helm/nvidia-device-plugin` at tag v0.20.0,
 * the newest release: chart and app 0.20.0). Installed only with `karpenter.gpu.enabled`.
 */
export const NVIDIA_DEVICE_PLUGIN_CHART = { repo: "https://nvidia.github.io/k8s-device-plugin", chart: "nvidia-device-plugin", version: "0.20.0" } as const;
