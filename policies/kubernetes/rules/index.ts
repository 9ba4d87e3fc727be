/**
 * Every rule of the eks-platform-kubernetes pack. The pack's index.ts serves this list to the Pulumi CLI;
 * tests and the offline check (tools/policy-check.ts) import it from here.
 */
import type { RulePack } from "../../lib/rule.js";
import { kubernetesDisruptionPdbAllowsDisruption } from "./disruption/pdb-allows-disruption.js";
import { kubernetesHelmNoLatestImages } from "./helm/no-latest-images.js";
import { kubernetesHelmPinChartVersion } from "./helm/pin-chart-version.js";
import { kubernetesIngressReplicasAndPdb } from "./ingress/replicas-and-pdb.js";
import { kubernetesWorkloadsDropCapabilities } from "./workloads/drop-capabilities.js";
import { kubernetesWorkloadsNoDefaultNamespace } from "./workloads/no-default-namespace.js";
import { kubernetesWorkloadsNoHostNamespaces } from "./workloads/no-host-namespaces.js";
import { kubernetesWorkloadsNoHostPath } from "./workloads/no-host-path.js";
import { kubernetesWorkloadsNoPrivilegeEscalation } from "./workloads/no-privilege-escalation.js";
import { kubernetesWorkloadsNoPrivileged } from "./workloads/no-privileged.js";
import { kubernetesWorkloadsPinImageTags } from "./workloads/pin-image-tags.js";
import { kubernetesWorkloadsReadOnlyRootFilesystem } from "./workloads/read-only-root-filesystem.js";
import { kubernetesWorkloadsRunAsNonRoot } from "./workloads/run-as-non-root.js";
import { kubernetesWorkloadsSetProbes } from "./workloads/set-probes.js";
import { kubernetesWorkloadsSetResources } from "./workloads/set-resources.js";

export const KUBERNETES_PACK: RulePack = {
    name: "eks-platform-kubernetes",
    description: "Kubernetes workloads on eks-platform clusters: images, resources, security contexts, namespaces, availability and Helm releases.",
    rules: [
        kubernetesHelmNoLatestImages,
        kubernetesHelmPinChartVersion,
        kubernetesIngressReplicasAndPdb,
        kubernetesWorkloadsDropCapabilities,
        kubernetesWorkloadsNoDefaultNamespace,
        kubernetesWorkloadsNoHostNamespaces,
        kubernetesWorkloadsNoHostPath,
        kubernetesWorkloadsNoPrivilegeEscalation,
        kubernetesWorkloadsNoPrivileged,
        kubernetesWorkloadsPinImageTags,
        kubernetesWorkloadsReadOnlyRootFilesystem,
        kubernetesWorkloadsRunAsNonRoot,
        kubernetesWorkloadsSetProbes,
        kubernetesWorkloadsSetResources,
        kubernetesDisruptionPdbAllowsDisruption,
    ],
};
