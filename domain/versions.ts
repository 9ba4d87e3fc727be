/**
 * Every version this platform pins, in one place: Kubernetes, managed add-ons,
 * Helm charts and images. Upgrade here, run `npm test`, read the plan.
 */
import { addonVersionsFor, AMI_MATRIX } from "./addon-matrix.js";

import type { KubernetesVersion } from "./kubernetes-versions.js";

export { KUBERNETES_VERSIONS, type KubernetesVersion } from "./kubernetes-versions.js";

/** The default: the newest version in EKS standard support. */
export const DEFAULT_KUBERNETES_VERSION: KubernetesVersion = "1.36";

/**
 * EKS managed add-on versions and node AMI releases live per Kubernetes version in
 * `domain/addon-matrix.ts`, with their sources: a stack picks its row by `cluster.version`.
 * ADDON_VERSIONS is the row of DEFAULT_KUBERNETES_VERSION.
 */
export { ADDON_MATRIX, AMI_MATRIX, type AddonName } from "./addon-matrix.js";
export const ADDON_VERSIONS = addonVersionsFor(DEFAULT_KUBERNETES_VERSION);

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
 * The AL2023 EKS AMI release Karpenter nodes boot (`al2023@<release>`) on DEFAULT_KUBERNETES_VERSION;
 * per Kubernetes version in AMI_MATRIX (`domain/addon-matrix.ts`). Never `@latest`: a new AMI would
 * roll every node. Upgrade after testing in dev; it is drift, so Karpenter replaces nodes within
 * the NodePools' disruption budgets.
 */
export const KARPENTER_AMI_ALIAS = AMI_MATRIX[DEFAULT_KUBERNETES_VERSION].karpenterAlias;

/** Cluster-service charts: deliveryhero node-local-dns (app 1.26.7), kubernetes-sigs metrics-server (app 0.8.1); repositories from the charts' own READMEs. */
export const NODE_LOCAL_DNS_CHART = { repo: "https://charts.deliveryhero.io/", chart: "node-local-dns", version: "2.4.0" } as const;
export const METRICS_SERVER_CHART = { repo: "https://kubernetes-sigs.github.io/metrics-server/", chart: "metrics-server", version: "3.13.1" } as const;

/**
 * External Secrets Operator chart (external-secrets/external-secrets tag helm-chart-2.9.0, app v2.9.0;
 * its CRDs serve external-secrets.io/v1, which @kubernetes-models/external-secrets 2.0.0 types).
 */
export const EXTERNAL_SECRETS_CHART = { repo: "https://charts.external-secrets.io", chart: "external-secrets", version: "2.9.0" } as const;

/** Stakater Reloader chart (stakater/Reloader tag chart-v2.2.16, image ghcr.io/stakater/reloader:v1.4.21). */
export const RELOADER_CHART = { repo: "https://stakater.github.io/stakater-charts", chart: "reloader", version: "2.2.16" } as const;

/**
 * AWS Load Balancer Controller chart (eks-charts repository). Chart and app 3.5.0: the
 * `kubernetes-sigs/aws-load-balancer-controller` v3.5.0 tag, `helm/aws-load-balancer-controller/
 * Chart.yaml` (version 3.5.0, appVersion v3.5.0, image public.ecr.aws/eks/aws-load-balancer-controller:v3.5.0).
 */
export const AWS_LOAD_BALANCER_CONTROLLER_CHART = {
    repo: "https://aws.github.io/eks-charts",
    chart: "aws-load-balancer-controller",
    version: "3.5.0",
} as const;

/** external-dns chart 1.21.1 (tag external-dns-helm-chart-1.21.1 of kubernetes-sigs/external-dns; app 0.21.0). */
export const EXTERNAL_DNS_CHART = { repo: "https://kubernetes-sigs.github.io/external-dns/", chart: "external-dns", version: "1.21.1" } as const;

/**
 * NVIDIA device plugin chart (repository nvdp, `deployments/helm/nvidia-device-plugin` at tag v0.20.0,
 * the newest release: chart and app 0.20.0). Installed only with `karpenter.gpu.enabled`.
 */
export const NVIDIA_DEVICE_PLUGIN_CHART = { repo: "https://nvidia.github.io/k8s-device-plugin", chart: "nvidia-device-plugin", version: "0.20.0" } as const;
