/**
 * Composition root: parse the stack config, build the components, export outputs.
 * Nothing here decides how a piece is built; components do, from their slice of config.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AwsContext } from "./components/aws-context.js";
import { ClusterAccess } from "./components/access/cluster-access.js";
import { buildGrants, deployerConflict } from "./components/access/grants.js";
import { LegacyGroupBindings } from "./components/access/legacy-bindings.js";
import { Cluster } from "./components/cluster/cluster.js";
import { Ingress } from "./components/ingress/ingress.js";
import { MetricsServer } from "./components/cluster-services/metrics-server.js";
import { NodeLocalDns } from "./components/cluster-services/node-local-dns.js";
import { Karpenter } from "./components/karpenter/karpenter.js";
import { KarpenterAws } from "./components/karpenter/karpenter-aws.js";
import { Network } from "./components/network/network.js";
import { Registries } from "./components/registries/registries.js";
import { loadPlatformConfig } from "./stacks/config.js";
import { ingressEnabled } from "./stacks/schema/ingress.js";
import { platformIamScope } from "./domain/iam-scope.js";
import { PlatformKeys } from "./components/kms/platform-keys.js";

export default async function main() {
    const config = loadPlatformConfig();
    const tags = config.defaultTags;

    const [identity, partition, zones] = await Promise.all([
        aws.getCallerIdentity(),
        aws.getPartition(),
        aws.getAvailabilityZones({
            state: "available",
            // Local and Wavelength zones cannot hold EKS subnets.
            filters: [{ name: "opt-in-status", values: ["opt-in-not-required"] }],
        }),
    ]);
    const awsContext: AwsContext = {
        accountId: identity.accountId,
        partition: partition.partition,
        region: config.region,
        dnsSuffix: partition.dnsSuffix,
        // Every role and policy goes under /<project>/<stack>/ with the stack's permissions
        // boundary: the deploy roles of stacks/deployments may create nothing else.
        iam: platformIamScope({ partition: partition.partition, accountId: identity.accountId }, pulumi.getProject(), pulumi.getStack()),
    };

    // Access entries take the IAM role, not the assumed-role session the caller holds.
    const deployerPrincipalArn =
        config.cluster.deployerPrincipalArn ?? (await aws.iam.getSessionContext({ arn: identity.arn })).issuerArn;

    // Grants are config plus explicit role names, so aws-auth can be rendered with the cluster.
    // Checked before anything is created: a failed run must not leave half a platform behind.
    const legacyAuth = config.cluster.authenticationMode === "API_AND_CONFIG_MAP";
    const accessGrants = buildGrants(config.access, awsContext, config.cluster.name);
    const deployerClash = deployerConflict(accessGrants, deployerPrincipalArn);
    if (deployerClash) throw new pulumi.RunError(deployerClash);

    // The platform's own KMS keys (logs, node volumes, Secrets Manager), before anything they encrypt.
    const keys = new PlatformKeys("keys", { clusterName: config.cluster.name, aws: awsContext, protect: config.protect, tags });

    const network = new Network("network", {
        config: config.network,
        clusterName: config.cluster.name,
        availabilityZones: zones.names,
        aws: awsContext,
        keys,
        tags,
    });


    const cluster = new Cluster("cluster", {
        config: config.cluster,
        network: { vpcId: network.vpcId, privateSubnetIds: network.privateSubnetIds, egress: network.egress },
        deployerPrincipalArn,
        aws: awsContext,
        keys,
        protect: config.protect,
        tags,
    });

    const registries = new Registries("registries", {
        config: config.registries,
        clusterName: cluster.name,
        aws: awsContext,
        protect: config.protect,
        tags,
    });
    const access = new ClusterAccess("access", {
        config: config.access,
        // The name carried by an output of the cluster, so access entries wait for it to exist.
        cluster: { name: cluster.name, nameOutput: cluster.arn.apply(() => cluster.name), arn: cluster.arn },
        deployerPrincipalArn,
        integrationExternalIds: config.integrationExternalIds,
        repositoryArns: registries.repositoryArnsByName,
        aws: awsContext,
        tags,
    });
    if (legacyAuth) new LegacyGroupBindings("access-legacy", { grants: access.grants, provider: cluster.provider, aws: awsContext });

    const karpenterAws = new KarpenterAws("karpenter-aws", {
        clusterName: cluster.name,
        // The name carried by an output of the cluster, so access entries wait for it to exist.
        cluster: cluster.arn.apply(() => cluster.name),
        clusterSecurityGroupId: cluster.clusterSecurityGroupId,
        aws: awsContext,
        createSpotServiceLinkedRole: config.karpenter.createSpotServiceLinkedRole,
        tags,
    });
    const karpenter = new Karpenter("karpenter", {
        config: config.karpenter,
        clusterName: cluster.name,
        clusterEndpoint: cluster.endpoint,
        region: config.region,
        provider: cluster.provider,
        awsSide: { nodeRoleName: karpenterAws.nodeRoleName, queueName: karpenterAws.queueName, resource: karpenterAws },
        systemNodes: cluster.systemNodes,
        keys,
        tags,
    });
    new NodeLocalDns("node-local-dns", {
        provider: cluster.provider,
        serviceCidr: config.cluster.serviceCidr,
        kubeDns: cluster.addons["coredns"]!,
    });
    new MetricsServer("metrics-server", { provider: cluster.provider, systemNodes: cluster.systemNodes });

    // Traefik, cert-manager and the echo server run on Karpenter's nodes, not the tainted system ones.
    const ingress = ingressEnabled(config.ingress)
        ? new Ingress("ingress", { config: config.ingress, cluster, aws: awsContext, keys, tags }, { dependsOn: Object.values(karpenter.nodePools) })
        : undefined;

    return {
        region: config.region,
        vpcId: network.vpcId,
        vpcCidr: network.cidr,
        availabilityZones: network.availabilityZones,
        privateSubnetIds: network.privateSubnetIds,
        publicSubnetIds: network.publicSubnetIds,
        privateIpCapacity: network.privateIpCapacity,
        clusterName: cluster.name,
        clusterArn: cluster.arn,
        clusterEndpoint: cluster.endpoint,
        kubernetesVersion: cluster.version,
        oidcProviderArn: cluster.oidcProviderArn,
        kubeconfig: cluster.kubeconfig,
        updateKubeconfigCommand: cluster.updateKubeconfigCommand,
        clusterAccess: access.table,
        integrationRoleArns: access.integrationRoleArns,
        registryUrl: registries.registryUrl,
        repositoryUrls: registries.repositoryUrls,
        dockerLoginCommand: registries.loginCommand,
        karpenterNodeRoleArn: karpenterAws.nodeRole.arn,
        karpenterInterruptionQueue: karpenterAws.queueName,
        karpenterNodePools: Object.keys(karpenter.nodePools),
        ...(ingress && {
            ingressSubdomain: ingress.hostnames.subdomain,
            ingressLoadBalancer: ingress.loadBalancerHostname,
            dashboardUrl: ingress.dashboardUrl,
            dashboardUsername: ingress.dashboardUsername,
            dashboardPassword: ingress.dashboardPassword,
            dashboardCredentialsSecretArn: ingress.dashboardSecretArn,
            certManagerRoleArn: ingress.certManagerRoleArn,
        }),
        ...(ingress?.echoUrl && { echoUrl: ingress.echoUrl }),
    };
}
