/**
 * The label keys a Karpenter v1 NodePool refuses in `spec.template.metadata.labels`: the
 * `x-kubernetes-validations` of the NodePool CRD at the pinned Karpenter version (v1.14.1,
 * `pkg/apis/crds/karpenter.sh_nodepools.yaml` of aws/karpenter-provider-aws). The API server
 * rejects such a NodePool at deploy time; config validation says so before.
 */

/** `karpenter.sh` keys the CRD lets through its domain rule (the nodepool one is refused by its own rule). */
const KARPENTER_SH_ALLOWED = ["karpenter.sh/capacity-type"];

/** `karpenter.k8s.aws` keys the CRD allows, as listed in its rule. */
const KARPENTER_K8S_AWS_ALLOWED = [
    "karpenter.k8s.aws/instance-tenancy",
    "karpenter.k8s.aws/capacity-reservation-type",
    "karpenter.k8s.aws/capacity-reservation-id",
    "karpenter.k8s.aws/capacity-reservation-interruptible",
    "karpenter.k8s.aws/ec2nodeclass",
    "karpenter.k8s.aws/instance-encryption-in-transit-supported",
    "karpenter.k8s.aws/instance-category",
    "karpenter.k8s.aws/instance-hypervisor",
    "karpenter.k8s.aws/instance-family",
    "karpenter.k8s.aws/instance-generation",
    "karpenter.k8s.aws/instance-local-nvme",
    "karpenter.k8s.aws/instance-size",
    "karpenter.k8s.aws/instance-cpu",
    "karpenter.k8s.aws/instance-cpu-manufacturer",
    "karpenter.k8s.aws/instance-cpu-sustained-clock-speed-mhz",
    "karpenter.k8s.aws/instance-memory",
    "karpenter.k8s.aws/instance-ebs-bandwidth",
    "karpenter.k8s.aws/instance-network-bandwidth",
    "karpenter.k8s.aws/instance-gpu-name",
    "karpenter.k8s.aws/instance-gpu-manufacturer",
    "karpenter.k8s.aws/instance-gpu-count",
    "karpenter.k8s.aws/instance-gpu-memory",
    "karpenter.k8s.aws/instance-accelerator-name",
    "karpenter.k8s.aws/instance-accelerator-manufacturer",
    "karpenter.k8s.aws/instance-accelerator-count",
    "karpenter.k8s.aws/instance-capability-flex",
    "karpenter.k8s.aws/placement-group-id",
    "karpenter.k8s.aws/placement-group-partition",
];

/** The CRD's message for a label key it refuses, or undefined when it accepts the key. */
export function restrictedNodePoolLabel(key: string): string | undefined {
    // CEL `x.find("^([^/]+)")`: the key up to its first slash (the whole key when it has none).
    const domain = key.split("/")[0] ?? key;
    if (key === "karpenter.sh/nodepool") return `label "karpenter.sh/nodepool" is restricted`;
    if (key === "kubernetes.io/hostname") return `label "kubernetes.io/hostname" is restricted`;
    if (domain.endsWith("karpenter.sh") && !KARPENTER_SH_ALLOWED.includes(key)) return `label domain "karpenter.sh" is restricted`;
    if (domain.endsWith("karpenter.k8s.aws") && !KARPENTER_K8S_AWS_ALLOWED.includes(key)) return `label domain "karpenter.k8s.aws" is restricted`;
    return undefined;
}
