import * as aws from "@pulumi/aws";
import * as eks from "@pulumi/eks";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ClusterConfig } from "../../stacks/schema/cluster.js";
import type { AwsContext } from "../aws-context.js";
import { addonSpecs } from "./addon-specs.js";
import { ClusterAddons } from "./addons.js";
import { ACCESS_POLICIES, accessPolicyArn, clusterKmsPolicy, eksServiceTrustPolicy, managedPolicyArn } from "./iam.js";
import { buildKubeconfig, updateKubeconfigCommand } from "./kubeconfig.js";
import { DefaultStorage } from "./storage.js";
import { SystemNodeGroup } from "./system-nodes.js";

/** Every control-plane log type EKS offers. */
export const CONTROL_PLANE_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"] as const;

export interface ClusterArgs {
    /** The `cluster` slice of the stack config. */
    readonly config: ClusterConfig;
    /** The VPC and its private subnets (control-plane ENIs and nodes live there). */
    readonly network: {
        readonly vpcId: pulumi.Input<string>;
        readonly privateSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
        /** The private subnets' route to the internet (NAT): nodes wait for it, the control plane does not. */
        readonly egress: pulumi.Input<pulumi.Resource>[];
    };
    /** IAM role or user that runs `pulumi up`; gets cluster admin through an explicit access entry. */
    readonly deployerPrincipalArn: string;
    readonly aws: AwsContext;
    /** Protect the cluster and its secrets key from deletion. @default false */
    readonly protect?: boolean;
    /** Tags for every resource. @default {} */
    readonly tags?: Record<string, string>;
}

/**
 * Sets the access configuration of the `aws.eks.Cluster` that @pulumi/eks creates inside
 * itself; the engine applies resource transforms to a component's children.
 * - `bootstrapClusterCreatorAdminPermissions: false`: @pulumi/eks hard-codes true and has no
 *   argument for it. Cluster admins come from access entries only; the deployer's is explicit
 *   (see `deployerAccess`). The component ignores later changes to the field, so it matters at
 *   creation, which is when it must be right.
 * - `authenticationMode`: the component is always told `API`, because in a mode that reads
 *   aws-auth it writes that ConfigMap itself, with its own provider and before the deployer's
 *   access entry exists, which without creator admin is refused. The cluster gets the mode
 *   the config asks for here, and aws-auth is written through this cluster's provider
 *   (`LegacyGroupBindings`).
 */
export function clusterAccessTransform(mode: ClusterConfig["authenticationMode"]): pulumi.ResourceTransform {
    return (args) => {
        if (args.type !== "aws:eks/cluster:Cluster") return undefined;
        const accessConfig = { ...(args.props["accessConfig"] ?? {}), authenticationMode: mode, bootstrapClusterCreatorAdminPermissions: false };
        return { props: { ...args.props, accessConfig }, opts: args.opts };
    };
}

/**
 * The EKS control plane (access entries only, KMS-encrypted secrets, all control-plane logs,
 * private endpoint plus an allowlisted public one), its managed add-ons in the order nodes
 * need them, the system node group, the default StorageClass, and the Kubernetes provider
 * every in-cluster component uses.
 */
export class Cluster extends pulumi.ComponentResource {
    readonly name: string;
    readonly arn: pulumi.Output<string>;
    readonly endpoint: pulumi.Output<string>;
    readonly certificateAuthority: pulumi.Output<string>;
    readonly version: string;
    readonly oidcProviderArn: pulumi.Output<string>;
    readonly oidcProviderUrl: pulumi.Output<string>;
    /** The security group EKS attaches to the control plane and managed nodes. */
    readonly clusterSecurityGroupId: pulumi.Output<string>;
    readonly secretsKeyArn: pulumi.Output<string>;
    /** JSON kubeconfig using `aws eks get-token`, no profile or role baked in. */
    readonly kubeconfig: pulumi.Output<string>;
    readonly updateKubeconfigCommand: string;
    /** The one Kubernetes provider of this cluster; no component uses the default provider. */
    readonly provider: k8s.Provider;
    readonly systemNodes: SystemNodeGroup;
    readonly addons: Record<string, aws.eks.Addon>;
    readonly storage: DefaultStorage;

    constructor(name: string, args: ClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:cluster:Cluster", name, {}, opts);
        const { config } = args;
        const tags = args.tags ?? {};
        const protect = args.protect ?? false;
        this.name = config.name;
        this.version = config.version;

        const secretsKeyArn = config.secretsKmsKeyArn
            ? pulumi.output(config.secretsKmsKeyArn)
            : this.secretsKey(name, config.name, protect, tags).arn;

        // EKS creates this group itself, without retention, unless it already exists.
        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-control-plane-logs`,
            { name: `/aws/eks/${config.name}/cluster`, retentionInDays: config.logRetentionDays, tags },
            { parent: this },
        );

        const serviceRole = new aws.iam.Role(
            `${name}-service-role`,
            { description: `EKS control plane of ${config.name}`, assumeRolePolicy: pulumi.jsonStringify(eksServiceTrustPolicy()), tags },
            { parent: this },
        );
        const serviceRolePolicies = [
            new aws.iam.RolePolicyAttachment(
                `${name}-service-role-eks`,
                { role: serviceRole.name, policyArn: managedPolicyArn(args.aws, "AmazonEKSClusterPolicy") },
                { parent: this },
            ),
            new aws.iam.RolePolicy(
                `${name}-service-role-kms`,
                { role: serviceRole.name, policy: pulumi.jsonStringify(clusterKmsPolicy(secretsKeyArn)) },
                { parent: this },
            ),
        ];

        const eksCluster = new eks.Cluster(
            `${name}-eks`,
            {
                name: config.name,
                version: config.version,
                serviceRole,
                vpcId: args.network.vpcId,
                // Control-plane ENIs in private subnets only; load balancers find public ones by tag.
                privateSubnetIds: args.network.privateSubnetIds,
                // The cluster's real mode is set by clusterAccessTransform (see there why).
                authenticationMode: "API",
                endpointPrivateAccess: true,
                endpointPublicAccess: config.endpoint.publicAccess,
                publicAccessCidrs: config.endpoint.publicAccess ? config.endpoint.publicAccessCidrs : undefined,
                encryptionConfigKeyArn: secretsKeyArn,
                enabledClusterLogTypes: [...CONTROL_PLANE_LOG_TYPES],
                kubernetesServiceIpAddressRange: config.serviceCidr,
                deletionProtection: config.deletionProtection,
                upgradePolicy: { supportType: config.supportType },
                createOidcProvider: true,
                // Nodes come from the system node group and Karpenter; add-ons from ClusterAddons.
                skipDefaultNodeGroup: true,
                skipDefaultSecurityGroups: true,
                bootstrapSelfManagedAddons: false,
                useDefaultVpcCni: true,
                kubeProxyAddonOptions: { enabled: false },
                corednsAddonOptions: { enabled: false },
                tags,
            },
            {
                parent: this,
                protect,
                dependsOn: [logGroup, ...serviceRolePolicies],
                transforms: [clusterAccessTransform(config.authenticationMode)],
            },
        );

        const cluster = eksCluster.eksCluster;
        this.arn = cluster.arn;
        this.endpoint = cluster.endpoint;
        this.certificateAuthority = cluster.certificateAuthority.data;
        this.oidcProviderArn = eksCluster.oidcProviderArn;
        this.oidcProviderUrl = eksCluster.oidcProviderUrl;
        this.clusterSecurityGroupId = eksCluster.clusterSecurityGroupId;
        this.secretsKeyArn = secretsKeyArn;
        this.updateKubeconfigCommand = updateKubeconfigCommand(args.aws.region, config.name);

        const deployerAccess = this.deployerAccess(name, cluster.name, args);

        this.kubeconfig = pulumi
            .all([cluster.endpoint, cluster.certificateAuthority.data])
            .apply(([endpoint, ca]) =>
                JSON.stringify(buildKubeconfig({ clusterName: config.name, region: args.aws.region, endpoint, certificateAuthorityData: ca })),
            );
        this.provider = new k8s.Provider(
            `${name}-k8s`,
            { kubeconfig: this.kubeconfig, enableServerSideApply: true },
            // Without the deployer's access entry every Kubernetes call would be refused.
            { parent: this, dependsOn: [deployerAccess] },
        );

        const specs = addonSpecs(config.version, config.addonVersions);
        const addonArgs = { clusterName: config.name, cluster: cluster.name, aws: args.aws, tags };
        // Ordering lives on the resources that need it, not on components, so everything else
        // (roles, launch template) is created in parallel with the control plane.
        const earlyAddons = new ClusterAddons(
            `${name}-addons-early`,
            { ...addonArgs, specs: specs.filter((s) => s.phase === "beforeNodes") },
            { parent: this },
        );
        this.systemNodes = new SystemNodeGroup(
            `${name}-system`,
            {
                clusterName: cluster.name,
                kubernetesVersion: config.version,
                config: config.systemNodes,
                subnetIds: args.network.privateSubnetIds,
                aws: args.aws,
                nodesAfter: [...Object.values(earlyAddons.addons), ...args.network.egress],
                tags,
            },
            { parent: this },
        );
        const lateAddons = new ClusterAddons(
            `${name}-addons`,
            { ...addonArgs, specs: specs.filter((s) => s.phase === "afterNodes"), addonsAfter: [this.systemNodes.nodeGroup] },
            { parent: this },
        );
        this.addons = { ...earlyAddons.addons, ...lateAddons.addons };

        this.storage = new DefaultStorage(
            `${name}-storage`,
            { provider: this.provider, csiDriver: lateAddons.addons["aws-ebs-csi-driver"]! },
            { parent: this },
        );

        this.registerOutputs({
            name: this.name,
            arn: this.arn,
            endpoint: this.endpoint,
            oidcProviderArn: this.oidcProviderArn,
            kubeconfig: this.kubeconfig,
            updateKubeconfigCommand: this.updateKubeconfigCommand,
        });
    }

    /** A customer-managed key for secrets envelope encryption, rotated yearly by KMS. */
    private secretsKey(name: string, clusterName: string, protect: boolean, tags: Record<string, string>): aws.kms.Key {
        const key = new aws.kms.Key(
            `${name}-secrets`,
            {
                description: `Envelope encryption of Kubernetes secrets in EKS cluster ${clusterName}`,
                enableKeyRotation: true,
                deletionWindowInDays: 30,
                tags,
            },
            { parent: this, protect },
        );
        new aws.kms.Alias(`${name}-secrets`, { name: `alias/eks/${clusterName}/secrets`, targetKeyId: key.keyId }, { parent: this });
        return key;
    }

    /** Cluster admin for whoever runs the program: explicit, visible, and removable. */
    private deployerAccess(name: string, clusterName: pulumi.Output<string>, args: ClusterArgs): aws.eks.AccessPolicyAssociation {
        const entry = new aws.eks.AccessEntry(
            `${name}-deployer`,
            { clusterName, principalArn: args.deployerPrincipalArn, type: "STANDARD", tags: args.tags ?? {} },
            { parent: this },
        );
        return new aws.eks.AccessPolicyAssociation(
            `${name}-deployer`,
            {
                clusterName,
                principalArn: entry.principalArn,
                policyArn: accessPolicyArn(args.aws, ACCESS_POLICIES.clusterAdmin),
                accessScope: { type: "cluster" },
            },
            { parent: this },
        );
    }
}
