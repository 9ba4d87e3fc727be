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
import { ClientVpn } from "./components/client-vpn/client-vpn.js";
import { Registries } from "./components/registries/registries.js";
import { ConfigError, loadPlatformConfig, type OfflineRun } from "./stacks/config.js";
import { callerProblem, resolvePrincipalRef } from "./domain/principals.js";
import { addonVersionsFor, AMI_MATRIX } from "./domain/addon-matrix.js";
import { AlbGroupAws } from "./components/load-balancing/alb-group-aws.js";
import { LoadBalancerController } from "./components/load-balancing/controller.js";
import { EXAMPLE_HOST_PREFIX, ExampleAlbIngress } from "./components/load-balancing/example-ingress.js";
import { ExternalDns } from "./components/load-balancing/external-dns.js";
import { externalDnsPolicy } from "./components/load-balancing/external-dns-policy.js";
import { EXTERNAL_DNS_NAMESPACE, EXTERNAL_DNS_SERVICE_ACCOUNT } from "./components/load-balancing/external-dns-values.js";
import { loadBalancerControllerPolicy } from "./components/load-balancing/controller-policy.js";
import { LBC_NAMESPACE, LBC_SERVICE_ACCOUNT } from "./components/load-balancing/controller-values.js";
import { PodIdentityRole } from "./components/load-balancing/pod-identity-role.js";
import { ingressHostnames } from "./domain/hostnames.js";
import { ingressEnabled } from "./stacks/schema/ingress.js";
import { Reloader } from "./components/cluster-services/reloader.js";
import { CloudWatchObservability } from "./components/observability/cloudwatch-observability.js";
import { ExternalSecrets } from "./components/secrets/external-secrets.js";
import { ExternalSecretsAws } from "./components/secrets/external-secrets-aws.js";
import { EfsCsi } from "./components/storage/efs-csi.js";
import { EfsFileSystem } from "./components/storage/efs-file-system.js";
import { platformIamScope } from "./domain/iam-scope.js";
import { PlatformKeys } from "./components/kms/platform-keys.js";

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
        // Every role and policy goes under /<project>/<stack>/ with the stack's permissions
        // boundary: the deploy roles of stacks/deployments may create nothing else.
        iam: platformIamScope({ partition: partition.partition, accountId: identity.accountId }, pulumi.getProject(), pulumi.getStack()),
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
        ...clusterPrincipals,
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
        controllerOn: config.karpenter.controllerOn,
        oidc: { providerArn: cluster.oidcProviderArn, issuerUrl: cluster.oidcProviderUrl },
        privateSubnetIds: network.privateSubnetIds,
        egress: network.egress,
        tags,
    });
    const karpenter = new Karpenter("karpenter", {
        config: config.karpenter,
        clusterName: cluster.name,
        clusterEndpoint: cluster.endpoint,
        region: config.region,
        provider: cluster.provider,
        awsSide: { nodeRoleName: karpenterAws.nodeRoleName, queueName: karpenterAws.queueName, resource: karpenterAws },
        amiAlias: AMI_MATRIX[config.cluster.version].karpenterAlias,
        placement: karpenterAws.fargateProfile
            ? {
                  on: "fargate",
                  fargateProfile: karpenterAws.fargateProfile.profile,
                  irsaRoleArn: karpenterAws.controllerRole.arn,
                  controllerPolicies: karpenterAws.controllerPolicyAttachments,
              }
            : { on: "system-nodes", systemNodes: cluster.systemNodes },
        keys,
        tags,
    });
    const clientVpn = config.clientVpn.enabled
        ? new ClientVpn("client-vpn", {
            config: config.clientVpn,
            clusterName: config.cluster.name,
            vpcId: network.vpcId,
            vpcCidr: config.network.cidr,
            privateSubnetIds: network.privateSubnetIds,
            subnetCount: config.network.azCount,
            clusterSecurityGroupId: cluster.clusterSecurityGroupId,
            keys,
            tags,
        })
        : undefined;
    new NodeLocalDns("node-local-dns", {
        provider: cluster.provider,
        serviceCidr: config.cluster.serviceCidr,
        kubeDns: cluster.addons["coredns"]!,
    });
    new MetricsServer("metrics-server", { provider: cluster.provider, systemNodes: cluster.systemNodes });

    // Load balancing: the controller (Traefik's NLB, the ALB group), then what writes DNS.
    const lbConfig = config.loadBalancing;
    const ingressConfig = ingressEnabled(config.ingress) ? config.ingress : undefined;
    const hostnames = ingressConfig && ingressHostnames(config.region, cluster.name, ingressConfig.domain);
    const albGroupAws =
        ingressConfig && hostnames && lbConfig.controller.enabled && lbConfig.albGroup.enabled
            ? new AlbGroupAws("alb-group-aws", {
                  clusterName: cluster.name,
                  groupName: lbConfig.albGroup.name,
                  hostnames,
                  hostedZoneId: ingressConfig.hostedZoneId,
                  waf: lbConfig.albGroup.waf,
                  tags,
              })
            : undefined;
    const loadBalancerControllerIam = lbConfig.controller.enabled
        ? new PodIdentityRole("load-balancer-controller-iam", {
              clusterName: cluster.name,
              clusterReady: cluster.arn,
              namespace: LBC_NAMESPACE,
              serviceAccount: LBC_SERVICE_ACCOUNT,
              description: `AWS Load Balancer Controller of EKS cluster ${cluster.name}`,
              policy: loadBalancerControllerPolicy(awsContext),
              aws: awsContext,
              tags,
          })
        : undefined;
    const loadBalancerController = loadBalancerControllerIam
        ? new LoadBalancerController("load-balancer-controller", {
              clusterName: cluster.name,
              provider: cluster.provider,
              systemNodes: cluster.systemNodes,
              podIdentity: loadBalancerControllerIam.association,
              vpcId: network.vpcId,
              region: config.region,
              sslPolicy: lbConfig.albGroup.sslPolicy,
              replicas: lbConfig.controller.replicas,
              albGroup: albGroupAws && {
                  name: lbConfig.albGroup.name,
                  certificateArn: albGroupAws.certificateArn,
                  ...(albGroupAws.webAcl && { webAclArn: albGroupAws.webAcl.arn }),
              },
              tags,
          })
        : undefined;

    // Traefik, cert-manager and the echo server run on Karpenter's nodes, not the tainted system ones.
    const ingress = ingressConfig
        ? new Ingress(
              "ingress",
              {
                  config: ingressConfig,
                  cluster,
                  aws: awsContext,
                  keys,
                  tags,
                  loadBalancerController: loadBalancerController && { release: loadBalancerController.release, vpcCidr: config.network.cidr },
              },
              { dependsOn: Object.values(karpenter.nodePools) },
          )
        : undefined;

    // After Traefik: its traefik-proxy source needs the IngressRoute CRDs to start.
    const externalDnsIam =
        ingressConfig && hostnames && ingress && lbConfig.externalDns.enabled
            ? new PodIdentityRole("external-dns-iam", {
                  clusterName: cluster.name,
                  clusterReady: cluster.arn,
                  namespace: EXTERNAL_DNS_NAMESPACE,
                  serviceAccount: EXTERNAL_DNS_SERVICE_ACCOUNT,
                  description: `external-dns for ${hostnames.subdomain} in Route 53 zone ${ingressConfig.hostedZoneId} (EKS cluster ${cluster.name})`,
                  policy: externalDnsPolicy(awsContext, ingressConfig.hostedZoneId, hostnames.subdomain, lbConfig.externalDns.policy),
                  aws: awsContext,
                  tags,
              })
            : undefined;
    const externalDns =
        ingressConfig && hostnames && ingress && externalDnsIam
            ? new ExternalDns("external-dns", {
                  clusterName: cluster.name,
                  podIdentity: externalDnsIam.association,
                  provider: cluster.provider,
                  systemNodes: cluster.systemNodes,
                  traefikCrds: ingress.traefikRelease,
                  hostedZoneId: ingressConfig.hostedZoneId,
                  subdomain: hostnames.subdomain,
                  region: config.region,
                  policy: lbConfig.externalDns.policy,
                  interval: lbConfig.externalDns.interval,
              })
            : undefined;
    const exampleAlbIngress =
        hostnames && loadBalancerController && albGroupAws && lbConfig.albGroup.exampleIngress && ingress?.echo
            ? new ExampleAlbIngress(
                  "example-alb-ingress",
                  {
                      provider: cluster.provider,
                      host: `${EXAMPLE_HOST_PREFIX}.${hostnames.subdomain}`,
                      namespace: ingress.echo.namespaceName,
                      backend: { service: ingress.echo.serviceName, port: ingress.echo.servicePort },
                  },
                  { dependsOn: [loadBalancerController.release, ingress.echo.service, ...(externalDns ? [externalDns.release] : [])] },
              )
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
            secretsKeyArn: keys.secretsManager,
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
            keys,
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
        ...(loadBalancerControllerIam && { loadBalancerControllerRoleArn: loadBalancerControllerIam.role.arn }),
        ...(albGroupAws && { albCertificateArn: albGroupAws.certificateArn }),
        ...(albGroupAws?.webAcl && { albWebAclArn: albGroupAws.webAcl.arn }),
        ...(externalDnsIam && { externalDnsRoleArn: externalDnsIam.role.arn }),
        ...(externalDns && { externalDnsLeftoversCommand: externalDns.leftoversCommand }),
        ...(exampleAlbIngress && { exampleAlbIngressUrl: exampleAlbIngress.url }),
        ...(clientVpn && {
            clientVpnEndpointId: clientVpn.endpoint.id,
            clientVpnClientCertificate: clientVpn.clientCertificatePem,
            clientVpnClientPrivateKey: clientVpn.clientPrivateKeyPem,
        }),
    };
}
