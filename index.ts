/**
 * Composition root: parse the stack config, build the components, export outputs.
 * Nothing here decides how a piece is built; components do, from their slice of config.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AwsContext } from "./components/aws-context.js";
import { ClusterAccess } from "./components/access/cluster-access.js";
import { LegacyGroupBindings } from "./components/access/legacy-bindings.js";
import { Cluster } from "./components/cluster/cluster.js";
import { Ingress } from "./components/ingress/ingress.js";
import { MetricsServer } from "./components/cluster-services/metrics-server.js";
import { NodeLocalDns } from "./components/cluster-services/node-local-dns.js";
import { Karpenter } from "./components/karpenter/karpenter.js";
import { KarpenterAws } from "./components/karpenter/karpenter-aws.js";
import { Network } from "./components/network/network.js";
import { Registries } from "./components/registries/registries.js";
import { ConfigError, loadPlatformConfig, type OfflineRun } from "./stacks/config.js";
import { callerProblem, resolvePrincipalRef } from "./domain/principals.js";
import { addonVersionsFor, AMI_MATRIX } from "./domain/addon-matrix.js";
import { ingressEnabled } from "./stacks/schema/ingress.js";
import { Reloader } from "./components/cluster-services/reloader.js";
import { CloudWatchObservability } from "./components/observability/cloudwatch-observability.js";
import { ExternalSecrets } from "./components/secrets/external-secrets.js";
import { ExternalSecretsAws } from "./components/secrets/external-secrets-aws.js";
import { EfsCsi } from "./components/storage/efs-csi.js";
import { EfsFileSystem } from "./components/storage/efs-file-system.js";

/** `offline` is passed by the offline engine only; the Pulumi CLI calls this with no argument. */
export default async function main(offline?: OfflineRun) {
    const config = loadPlatformConfig(offline);
    if (offline) offline.reportPlaceholderSecrets(config.placeholderSecrets);
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
    };

    // Cluster admins are config, the same whoever runs; the caller must be one of them. The role
    // behind the session comes from getSessionContext, which reads it with iam:GetRole
    // (terraform-provider-aws internal/service/iam/session_context_data_source.go), so its ARN
    // carries the path Identity Center roles have; getCallerIdentity's assumed-role ARN has none.
    const admins = config.cluster.admins.map((ref) => resolvePrincipalRef(ref, awsContext));
    const previewRoleArn = config.cluster.previewRole && resolvePrincipalRef(config.cluster.previewRole, awsContext);
    const caller = await aws.iam.getSessionContext({ arn: identity.arn });
    // Checked before anything is created: a failed run must not leave half a platform behind.
    const notAllowed = callerProblem({ callerArn: caller.issuerArn, admins, previewRoleArn, preview: pulumi.runtime.isDryRun() });
    if (notAllowed) throw new ConfigError(config.stack, [{ key: "cluster.admins", message: notAllowed }]);
    const clusterPrincipals = { admins, ...(previewRoleArn ? { previewRoleArn } : {}) };

    const legacyAuth = config.cluster.authenticationMode === "API_AND_CONFIG_MAP";

    const network = new Network("network", {
        config: config.network,
        clusterName: config.cluster.name,
        availabilityZones: zones.names,
        aws: awsContext,
        tags,
    });


    const cluster = new Cluster("cluster", {
        config: config.cluster,
        network: { vpcId: network.vpcId, privateSubnetIds: network.privateSubnetIds, egress: network.egress },
        ...clusterPrincipals,
        aws: awsContext,
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
        clusterPrincipals,
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
        amiAlias: AMI_MATRIX[config.cluster.version].karpenterAlias,
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
        ? new Ingress("ingress", { config: config.ingress, cluster, aws: awsContext, tags }, { dependsOn: Object.values(karpenter.nodePools) })
        : undefined;

    // Storage, secrets, observability and Reloader: each behind its own switch.
    const clusterReady = cluster.arn.apply(() => cluster.name);
    const workloadNodes = Object.values(karpenter.nodePools);
    const addonVersions = addonVersionsFor(config.cluster.version, config.cluster.addonVersions);
    const efs = config.efs.enabled
        ? new EfsFileSystem("efs", {
              clusterName: cluster.name,
              vpcId: network.vpcId,
              privateSubnetIds: network.privateSubnetIds,
              subnetCount: config.network.azCount,
              nodeSecurityGroupIds: [cluster.clusterSecurityGroupId],
              transitionToIa: config.efs.transitionToIa,
              backups: config.efs.backups,
              protect: config.protect,
              tags,
          })
        : undefined;
    if (efs) {
        new EfsCsi("efs-csi", {
            clusterName: cluster.name,
            cluster: clusterReady,
            provider: cluster.provider,
            addonVersion: addonVersions["aws-efs-csi-driver"],
            fileSystemId: efs.fileSystemId,
            mountTargets: efs.mountTargets,
            nodes: [cluster.systemNodes.nodeGroup],
            aws: awsContext,
            example: config.efs.example,
            exampleAfter: workloadNodes,
            tags,
        });
    }
    if (config.externalSecrets.enabled) {
        const secretsAws = new ExternalSecretsAws("external-secrets-aws", {
            clusterName: cluster.name,
            clusterReady,
            aws: awsContext,
            example: config.externalSecrets.example,
            protect: config.protect,
            tags,
        });
        new ExternalSecrets(
            "external-secrets",
            {
                clusterName: cluster.name,
                region: config.region,
                provider: cluster.provider,
                podIdentity: secretsAws.association,
                replicas: config.externalSecrets.replicas,
                exampleParameter: secretsAws.exampleParameter,
            },
            { dependsOn: workloadNodes },
        );
    }
    if (config.observability.enabled) {
        new CloudWatchObservability("observability", {
            clusterName: cluster.name,
            cluster: clusterReady,
            addonVersion: addonVersions["amazon-cloudwatch-observability"],
            logRetentionDays: config.observability.logRetentionDays,
            nodes: [cluster.systemNodes.nodeGroup],
            aws: awsContext,
            tags,
        });
    }
    if (config.reloader.enabled) {
        new Reloader("reloader", { provider: cluster.provider, replicas: config.reloader.replicas }, { dependsOn: workloadNodes });
    }

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
