import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { EnabledIngressConfig } from "../../stacks/schema/ingress.js";
import type { AwsContext } from "../aws-context.js";
import { CertManager } from "./cert-manager.js";
import { CertManagerIam } from "./cert-manager-iam.js";
import { TraefikDashboard } from "./dashboard.js";
import { IngressDns } from "./dns.js";
import { dependsOnList } from "./dependencies.js";
import { EchoApp } from "./echo.js";
import { ingressHostnames, type IngressHostnames } from "../../domain/hostnames.js";
import { Traefik } from "./traefik.js";

/** What the ingress needs of the cluster. */
export interface IngressCluster {
    /** The EKS cluster name (plain config). */
    readonly name: string;
    /** Any output of the created cluster, so AWS-side resources wait for it. */
    readonly arn: pulumi.Output<string>;
    /** The one Kubernetes provider of the cluster. */
    readonly provider: k8s.Provider;
}

export interface IngressArgs {
    /** The `ingress` slice of the stack config, enabled. */
    readonly config: EnabledIngressConfig;
    /** The cluster it serves. */
    readonly cluster: IngressCluster;
    /** Where the stack runs: the region of the NLB and the account of the IAM trust. */
    readonly aws: AwsContext;
    /** Tags for every AWS resource. @default {} */
    readonly tags?: Record<string, string>;
    /** The AWS Load Balancer Controller, when installed: it builds Traefik's NLB. @default undefined */
    readonly loadBalancerController?: { readonly release: pulumi.Resource; readonly vpcCidr: string };
}

export const INGRESS_DEFAULTS = { tags: {} as Record<string, string> };

/** The Secret cert-manager writes the wildcard key pair to, in Traefik's namespace. */
export const WILDCARD_SECRET = "wildcard-tls";

/**
 * Ingress for the cluster: Traefik behind an NLB with the cluster's wildcard certificate from
 * Let's Encrypt (cert-manager, DNS-01 in Route 53 through EKS Pod Identity), DNS records for
 * the cluster's subdomain, the dashboard behind basic auth, and optionally an echo server.
 *
 * Traefik, cert-manager and the echo server run on Karpenter's nodes: pass the NodePools in
 * `opts.dependsOn`, or their pods stay pending until Karpenter exists and the charts time out.
 */
export class Ingress extends pulumi.ComponentResource {
    readonly hostnames: IngressHostnames;
    readonly loadBalancerHostname: pulumi.Output<string>;
    readonly dashboardUrl: string;
    readonly dashboardUsername: string;
    /** A Pulumi secret. */
    readonly dashboardPassword: pulumi.Output<string>;
    readonly dashboardSecretArn: pulumi.Output<string>;
    readonly certManagerRoleArn: pulumi.Output<string>;
    readonly echoUrl: string | undefined;
    /** The echo server, when built (the ALB example routes to it). */
    readonly echo: EchoApp | undefined;
    /** The Traefik chart: what installs its CRDs (IngressRoutes). */
    readonly traefikRelease: pulumi.Resource;

    constructor(name: string, args: IngressArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:ingress:Ingress", name, {}, opts);
        const { config, cluster, tags } = { ...INGRESS_DEFAULTS, ...args };
        const provider = cluster.provider;
        // Handed on to the charts and the echo Deployment, whose pods need Karpenter's nodes.
        const workloadOpts = { parent: this, dependsOn: dependsOnList(opts?.dependsOn) };
        // Throws before any child is created when the names cannot form valid DNS names.
        this.hostnames = ingressHostnames(args.aws.region, cluster.name, config.domain);

        const iam = new CertManagerIam(
            `${name}-cert-manager-iam`,
            { clusterName: cluster.name, clusterReady: cluster.arn, hostedZoneId: config.hostedZoneId, aws: args.aws, tags },
            { parent: this },
        );

        const traefik = new Traefik(
            `${name}-traefik`,
            { provider, replicas: config.traefikReplicas, defaultCertificateSecret: WILDCARD_SECRET, loadBalancerController: args.loadBalancerController },
            workloadOpts,
        );

        new CertManager(
            `${name}-cert-manager`,
            {
                provider,
                acmeEmail: config.acmeEmail,
                hostedZoneId: config.hostedZoneId,
                region: args.aws.region,
                dnsZone: this.hostnames.subdomain,
                issuer: config.issuer,
                podIdentity: [iam],
                certificate: {
                    namespace: traefik.namespace,
                    namespaceName: traefik.namespaceName,
                    name: "wildcard",
                    secretName: WILDCARD_SECRET,
                    dnsNames: [this.hostnames.wildcard, this.hostnames.subdomain],
                },
            },
            workloadOpts,
        );

        new IngressDns(
            `${name}-dns`,
            {
                hostedZoneId: config.hostedZoneId,
                hostnames: this.hostnames,
                service: traefik.service,
                loadBalancerHostname: traefik.loadBalancerHostname,
                region: args.aws.region,
            },
            { parent: this },
        );

        const dashboard = new TraefikDashboard(
            `${name}-dashboard`,
            {
                provider,
                clusterName: cluster.name,
                namespace: traefik.namespace,
                namespaceName: traefik.namespaceName,
                host: this.hostnames.dashboard,
                crds: traefik.release,
                username: config.dashboardUser,
                tags,
            },
            { parent: this },
        );

        const echo = config.echoApp
            ? new EchoApp(`${name}-echo`, { provider, host: this.hostnames.echo, crds: traefik.release }, workloadOpts)
            : undefined;

        this.loadBalancerHostname = traefik.loadBalancerHostname;
        this.dashboardUrl = dashboard.url;
        this.dashboardUsername = dashboard.username;
        this.dashboardPassword = dashboard.password;
        this.dashboardSecretArn = dashboard.secretArn;
        this.certManagerRoleArn = iam.role.arn;
        this.echoUrl = echo?.url;
        this.echo = echo;
        this.traefikRelease = traefik.release;

        this.registerOutputs({
            subdomain: this.hostnames.subdomain,
            loadBalancerHostname: this.loadBalancerHostname,
            dashboardUrl: this.dashboardUrl,
            dashboardPassword: this.dashboardPassword,
            dashboardSecretArn: this.dashboardSecretArn,
            echoUrl: this.echoUrl,
        });
    }
}
