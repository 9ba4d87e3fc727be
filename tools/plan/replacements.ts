/**
 * Input properties whose change makes the AWS provider replace a resource (delete and create,
 * or create and delete) instead of updating it, for the stateful types this platform owns or
 * may own: losing one of these loses data, keys or the cluster itself.
 *
 * Source: the `ForceNew: true` schema fields of hashicorp/terraform-provider-aws, which the
 * Pulumi AWS provider bridges as replace-on-change (its schema's `replaceOnChanges`), read in
 * the files named per row at the commits given; paths are the Pulumi (camelCase) input paths.
 * The table is curated: properties this platform could plausibly change, not every one.
 */

export interface ReplacementRule {
    /** Pulumi type token. */
    readonly type: string;
    /** What the resource holds, for the warning. */
    readonly holds: string;
    /** Input paths (dotted) whose change replaces the resource; a change below one counts too. */
    readonly replaceOnChange: readonly string[];
    /** Where the properties were read. */
    readonly source: string;
}

const TF = (file: string, commit: string) => `hashicorp/terraform-provider-aws internal/service/${file} @ ${commit.slice(0, 8)} (ForceNew)`;

export const REPLACEMENT_RULES: readonly ReplacementRule[] = [
    {
        type: "aws:eks/cluster:Cluster",
        holds: "the EKS control plane, its etcd (every Kubernetes object) and its OIDC issuer",
        replaceOnChange: [
            "name",
            "roleArn",
            "bootstrapSelfManagedAddons",
            "accessConfig.bootstrapClusterCreatorAdminPermissions",
            "kubernetesNetworkConfig.serviceIpv4Cidr",
            "kubernetesNetworkConfig.ipFamily",
            "outpostConfig",
            "remoteNetworkConfig",
        ],
        source: TF("eks/cluster.go", "00555dc5b38f92abbfa230badea0ed0754cea81e"),
    },
    {
        // The @pulumi/eks component passes these inputs to the aws.eks.Cluster it creates
        // (name, serviceRole -> roleArn, kubernetesServiceIpAddressRange -> serviceIpv4Cidr).
        type: "eks:index:Cluster",
        holds: "the EKS control plane, its etcd (every Kubernetes object) and its OIDC issuer",
        replaceOnChange: ["name", "serviceRole", "bootstrapSelfManagedAddons", "kubernetesServiceIpAddressRange", "ipFamily"],
        source: TF("eks/cluster.go", "00555dc5b38f92abbfa230badea0ed0754cea81e"),
    },
    {
        type: "aws:eks/nodeGroup:NodeGroup",
        holds: "nodes: every pod on them is evicted while a new group comes up",
        replaceOnChange: [
            "amiType",
            "capacityType",
            "clusterName",
            "diskSize",
            "instanceTypes",
            "launchTemplate.id",
            "launchTemplate.name",
            "nodeGroupName",
            "nodeGroupNamePrefix",
            "nodeRoleArn",
            "remoteAccess",
            "subnetIds",
        ],
        source: TF("eks/node_group.go", "012e0a32f0686212f447447fd3d81c3d0ce256ad"),
    },
    {
        type: "aws:kms/key:Key",
        holds: "a customer-managed key: what it encrypted cannot be decrypted once it is deleted",
        replaceOnChange: ["customKeyStoreId", "customerMasterKeySpec", "keyUsage", "multiRegion", "xksKeyId"],
        source: TF("kms/key.go", "00a35305dc1b297a6fcdecdfbba33f1e63c3da39"),
    },
    {
        type: "aws:ecr/repository:Repository",
        holds: "container images",
        replaceOnChange: ["name", "encryptionConfigurations"],
        source: TF("ecr/repository.go", "0072eea2d6046230a1fb7717741c17fd2122175e"),
    },
    {
        type: "aws:cloudwatch/logGroup:LogGroup",
        holds: "log history (audit and flow logs)",
        replaceOnChange: ["name", "namePrefix", "logGroupClass"],
        source: TF("logs/group.go", "0073593e7d6993ba482409f4dc35438daaa79bb3"),
    },
    {
        type: "aws:efs/fileSystem:FileSystem",
        holds: "file data",
        replaceOnChange: ["availabilityZoneName", "creationToken", "encrypted", "kmsKeyId", "performanceMode"],
        source: TF("efs/file_system.go", "0389f4671dd9086cbe548d8eeabf0df30d1c38d9"),
    },
    {
        type: "aws:route53/record:Record",
        holds: "a DNS record: it is gone between the delete and the create",
        replaceOnChange: ["name", "zoneId"],
        source: TF("route53/record.go", "00655c1681ea1e49ab10cd32d3f8bee372b2095b"),
    },
];

const BY_TYPE = new Map(REPLACEMENT_RULES.map((rule) => [rule.type, rule]));

/** The rule of a stateful type, or undefined for a type the table does not hold. */
export function replacementRule(type: string): ReplacementRule | undefined {
    return BY_TYPE.get(type);
}

export function isStateful(type: string): boolean {
    return BY_TYPE.has(type);
}

/** True when `path` is `property` or lies below it (`a.b`, `a.b[0]`, `a.b.c`). */
function within(path: string, property: string): boolean {
    return path === property || path.startsWith(`${property}.`) || path.startsWith(`${property}[`);
}

/**
 * The changed input paths that would replace a resource of `type`: the table's properties and
 * the resource's own `replaceOnChanges` option.
 */
export function replacementTriggers(type: string, changedPaths: readonly string[], replaceOnChanges: readonly string[] = []): string[] {
    const properties = [...(replacementRule(type)?.replaceOnChange ?? []), ...replaceOnChanges];
    if (properties.includes("*")) return [...changedPaths];
    return changedPaths.filter((path) => properties.some((property) => within(path, property)));
}
