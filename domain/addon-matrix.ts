/**
 * EKS managed add-on versions and node AMI releases per Kubernetes minor version.
 *
 * EKS refuses an add-on version it does not offer for the cluster's Kubernetes version, and a
 * cluster upgrade leaves add-ons where they were: each stack picks its row by `cluster.version`,
 * so dev can run the next version while prod stays on its own, and an upgrade changes the add-ons
 * in the same change as the control plane. `npm run addons:check -- --stack <s>` compares a row
 * with what `aws eks describe-addon-versions` offers today.
 *
 * Adding a managed add-on is one entry in each row (the type checker refuses a row without it).
 * A version only ever moves forward between rows: EKS cannot downgrade an add-on in place, so an
 * upgrade must never pin an older build than the row before it (tests/domain pin this).
 */
import type { KubernetesVersion } from "./kubernetes-versions.js";

/** Where a pinned version was read, and when. */
export interface VersionSource {
    /** A page or API answer a reviewer can open again. */
    readonly where: string;
    /** The day it was read (YYYY-MM-DD). */
    readonly read: string;
}

export interface AddonVersions {
    /** The version the program installs for this Kubernetes version. */
    readonly pinned: string;
    /** Other versions EKS offers for this Kubernetes version that a stack may pin in `cluster.addonVersions`. */
    readonly accepted?: readonly string[];
    readonly source: VersionSource;
}

export interface AmiRelease {
    /** The EC2NodeClass `amiSelectorTerms` alias, `al2023@v<release>`. Never `@latest`. */
    readonly karpenterAlias: string;
    /** The managed node group `releaseVersion` of the same release for this Kubernetes version. */
    readonly nodeGroupReleaseVersion: string;
    readonly source: VersionSource;
}

const READ = "2026-12-01";

/** The EKS user guide's "latest version per Kubernetes version" tables (managing-kube-proxy, managing-coredns, managing-vpc-cni). */
const EKS_DOCS = (page: string): VersionSource => ({ where: `https://docs.aws.amazon.com/eks/latest/userguide/${page}.md`, read: READ });
/**
 * What `aws eks describe-addon-versions --kubernetes-version <v>` offered, as recorded by public
 * deployments running that build (EKS documents no per-version table for these add-ons).
 */
const DESCRIBE = (what: string): VersionSource => ({ where: `aws eks describe-addon-versions: ${what}`, read: READ });
/** awslabs/amazon-eks-ami CHANGELOG.md: the release's AMI names and node group release versions per Kubernetes version. */
const EKS_AMI = (tag: string): VersionSource => ({ where: `awslabs/amazon-eks-ami ${tag} CHANGELOG.md`, read: READ });

const VPC_CNI: AddonVersions = {
    pinned: "v1.22.4-eksbuild.3",
    // The docs list v1.22.4-eksbuild.3 for every supported version; the API's newest is v1.23.1.
    accepted: ["v1.23.1-eksbuild.1"],
    source: EKS_DOCS("managing-vpc-cni"),
};
const POD_IDENTITY_AGENT: AddonVersions = {
    pinned: "v1.3.10-eksbuild.3",
    source: DESCRIBE("eks-pod-identity-agent v1.3.10-eksbuild.3 installed on 1.32, 1.35 and 1.36 clusters"),
};
const EBS_CSI: AddonVersions = {
    pinned: "v1.66.0-eksbuild.1",
    source: DESCRIBE("aws-ebs-csi-driver v1.66.0-eksbuild.1 installed on 1.34, 1.35 and 1.36 clusters"),
};

/** Optional add-ons (`efs`, `observability` config): the same build is offered for every supported version. */
const EFS_CSI: AddonVersions = {
    pinned: "v3.4.1-eksbuild.1",
    source: DESCRIBE("aws-efs-csi-driver v3.4.1-eksbuild.1 (kubernetes-sigs/aws-efs-csi-driver v3.4.1) installed on 1.36 clusters"),
};
const CLOUDWATCH_OBSERVABILITY: AddonVersions = {
    pinned: "v6.4.0-eksbuild.1",
    source: DESCRIBE("amazon-cloudwatch-observability v6.4.0-eksbuild.1 (aws-observability/helm-charts 6.4.0), default for 1.36"),
};

const MATRIX = {
    "1.36": {
        "vpc-cni": VPC_CNI,
        "kube-proxy": {
            pinned: "v1.36.0-eksbuild.25",
            accepted: ["v1.36.0-eksbuild.14"],
            source: EKS_DOCS("managing-kube-proxy"),
        },
        "eks-pod-identity-agent": { ...POD_IDENTITY_AGENT, accepted: ["v1.4.0-eksbuild.2"] },
        coredns: { pinned: "v1.14.3-eksbuild.23", accepted: ["v1.14.3-eksbuild.3"], source: EKS_DOCS("managing-coredns") },
        "aws-ebs-csi-driver": { ...EBS_CSI, accepted: ["v1.63.1-eksbuild.1"] },
        "aws-efs-csi-driver": EFS_CSI,
        "amazon-cloudwatch-observability": CLOUDWATCH_OBSERVABILITY,
    },
    "1.35": {
        "vpc-cni": VPC_CNI,
        "kube-proxy": {
            pinned: "v1.35.3-eksbuild.29",
            accepted: ["v1.35.3-eksbuild.13"],
            source: EKS_DOCS("managing-kube-proxy"),
        },
        "eks-pod-identity-agent": POD_IDENTITY_AGENT,
        coredns: { pinned: "v1.14.3-eksbuild.22", accepted: ["v1.14.3-eksbuild.3"], source: EKS_DOCS("managing-coredns") },
        "aws-ebs-csi-driver": EBS_CSI,
        "aws-efs-csi-driver": EFS_CSI,
        "amazon-cloudwatch-observability": CLOUDWATCH_OBSERVABILITY,
    },
    "1.34": {
        "vpc-cni": VPC_CNI,
        "kube-proxy": {
            pinned: "v1.34.6-eksbuild.29",
            accepted: ["v1.34.6-eksbuild.13"],
            source: EKS_DOCS("managing-kube-proxy"),
        },
        "eks-pod-identity-agent": POD_IDENTITY_AGENT,
        coredns: { pinned: "v1.13.2-eksbuild.11", source: EKS_DOCS("managing-coredns") },
        "aws-ebs-csi-driver": EBS_CSI,
        "aws-efs-csi-driver": EFS_CSI,
        "amazon-cloudwatch-observability": CLOUDWATCH_OBSERVABILITY,
    },
} as const;

/** A managed add-on the platform installs (a key of every row). */
export type AddonName = keyof (typeof MATRIX)["1.36"];

/** Managed add-on versions per Kubernetes version; every version the config accepts has a row. */
export const ADDON_MATRIX: Readonly<Record<KubernetesVersion, Readonly<Record<AddonName, AddonVersions>>>> = MATRIX;

/**
 * The AL2023 release nodes boot, per Kubernetes version: Karpenter's alias and the system node
 * group's release version name the same build. A release is built for every supported version,
 * so a newer one rolls nodes (drift for Karpenter, a rolling update for the node group).
 */
export const AMI_MATRIX: Readonly<Record<KubernetesVersion, AmiRelease>> = {
    "1.36": {
        karpenterAlias: "al2023@v20260923",
        nodeGroupReleaseVersion: "1.36.4-20260923",
        source: EKS_AMI("v20260923 (amazon-eks-node-al2023-x86_64-standard-1.36-v20260923)"),
    },
    "1.35": {
        karpenterAlias: "al2023@v20260714",
        nodeGroupReleaseVersion: "1.35.6-20260714",
        source: EKS_AMI("v20260714 (amazon-eks-node-al2023-x86_64-standard-1.35-v20260714)"),
    },
    "1.34": {
        karpenterAlias: "al2023@v20260714",
        nodeGroupReleaseVersion: "1.34.9-20260714",
        source: EKS_AMI("v20260714 (amazon-eks-node-al2023-x86_64-standard-1.34-v20260714)"),
    },
};

/** The add-on names the matrix knows. */
export function addonNames(): AddonName[] {
    return Object.keys(MATRIX["1.36"]) as AddonName[];
}

/** True when `name` is a managed add-on of the matrix. */
export function isAddonName(name: string): name is AddonName {
    return Object.hasOwn(MATRIX["1.36"], name);
}

/** Every version a stack may run of `addon` on `kubernetesVersion`: the pinned one first. */
export function listedAddonVersions(kubernetesVersion: KubernetesVersion, addon: AddonName): string[] {
    const entry = ADDON_MATRIX[kubernetesVersion][addon];
    return [entry.pinned, ...(entry.accepted ?? [])];
}

/** The versions to install on `kubernetesVersion`, with a stack's explicit pins on top. */
export function addonVersionsFor(
    kubernetesVersion: KubernetesVersion,
    overrides: Partial<Record<AddonName, string>> = {},
): Record<AddonName, string> {
    const row = ADDON_MATRIX[kubernetesVersion];
    return Object.fromEntries(addonNames().map((name) => [name, overrides[name] ?? row[name].pinned])) as Record<AddonName, string>;
}

/**
 * Orders EKS add-on versions (`v<major>.<minor>.<patch>-eksbuild.<n>`); undefined when either
 * does not have that form.
 */
export function compareAddonVersions(a: string, b: string): number | undefined {
    const parse = (v: string) => /^v(\d+)\.(\d+)\.(\d+)-eksbuild\.(\d+)$/.exec(v)?.slice(1).map(Number);
    const pa = parse(a);
    const pb = parse(b);
    if (!pa || !pb) return undefined;
    for (let i = 0; i < pa.length; i++) {
        if (pa[i] !== pb[i]) return pa[i]! - pb[i]!;
    }
    return 0;
}
