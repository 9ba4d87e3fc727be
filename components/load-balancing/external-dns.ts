import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { EXTERNAL_DNS_CHART } from "../../domain/versions.js";
import type { AwsContext } from "../aws-context.js";
import { podIdentityTrustPolicy } from "../cluster/iam.js";
import { externalDnsPolicy } from "./external-dns-policy.js";
import {
    EXTERNAL_DNS_NAMESPACE,
    EXTERNAL_DNS_RELEASE,
    EXTERNAL_DNS_SERVICE_ACCOUNT,
    externalDnsLeftoversCommand,
    externalDnsValues,
    type ExternalDnsValues,
} from "./external-dns-values.js";

export interface ExternalDnsArgs {
    /** The EKS cluster name: the TXT owner id and the association's cluster. */
    readonly clusterName: string;
    /** Any output of the created cluster, so the association waits for it. */
    readonly clusterReady: pulumi.Input<string>;
    /** The cluster's Kubernetes provider. */
    readonly provider: k8s.Provider;
    /** The system node group it runs on. */
    readonly systemNodes: pulumi.Resource;
    /** What installs Traefik's CRDs: the traefik-proxy source cannot start without them. */
    readonly traefikCrds: pulumi.Resource;
    /** The stack's hosted zone: the only zone external-dns may change. */
    readonly hostedZoneId: string;
    /** The cluster subdomain: external-dns writes names under it only. */
    readonly subdomain: string;
    /** Region, account and partition. */
    readonly aws: AwsContext;
    /** `sync` or `upsert-only`. @default "upsert-only" */
    readonly policy?: ExternalDnsValues["policy"];
    /** Reconcile interval. @default "1m" */
    readonly interval?: string;
    /** Tags for the IAM resources. @default {} */
    readonly tags?: Record<string, string>;
}

export const EXTERNAL_DNS_DEFAULTS = { policy: "upsert-only" as ExternalDnsValues["policy"], interval: "1m", tags: {} as Record<string, string> };

/**
 * external-dns for the cluster subdomain: records for the hosts of Services, Ingresses and
 * Traefik IngressRoutes, owned through TXT records carrying the cluster name. Pulumi keeps
 * `<subdomain>` and `*.<subdomain>` (IngressDns); external-dns writes only names below it that
 * a source asks for (IAM allows no other name). Sources that should lose their record when
 * they are deleted must depend on `release`, so destroy deletes them while it still runs.
 */
export class ExternalDns extends pulumi.ComponentResource {
    readonly role: aws.iam.Role;
    readonly release: k8s.helm.v3.Release;
    /** Lists the records external-dns still owns: run it after `pulumi destroy` (README, Teardown). */
    readonly leftoversCommand: string;

    constructor(name: string, args: ExternalDnsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:load-balancing:ExternalDns", name, {}, opts);
        const { policy, interval, tags } = { ...EXTERNAL_DNS_DEFAULTS, ...args };
        const provider = args.provider;

        this.role = new aws.iam.Role(
            `${name}-role`,
            {
                description: `external-dns for ${args.subdomain} in Route 53 zone ${args.hostedZoneId} (EKS cluster ${args.clusterName})`,
                assumeRolePolicy: pulumi.jsonStringify(podIdentityTrustPolicy(args.aws, args.clusterName, EXTERNAL_DNS_NAMESPACE, EXTERNAL_DNS_SERVICE_ACCOUNT)),
                tags,
            },
            { parent: this },
        );
        const rolePolicy = new aws.iam.RolePolicy(
            `${name}-route53`,
            { role: this.role.name, policy: pulumi.jsonStringify(externalDnsPolicy(args.aws, args.hostedZoneId, args.subdomain)) },
            { parent: this },
        );
        const association = new aws.eks.PodIdentityAssociation(
            `${name}-association`,
            {
                clusterName: pulumi.output(args.clusterReady).apply(() => args.clusterName),
                namespace: EXTERNAL_DNS_NAMESPACE,
                serviceAccount: EXTERNAL_DNS_SERVICE_ACCOUNT,
                roleArn: this.role.arn,
                tags,
            },
            { parent: this, dependsOn: [rolePolicy] },
        );

        const namespace = new k8s.core.v1.Namespace(`${name}-namespace`, { metadata: { name: EXTERNAL_DNS_NAMESPACE } }, { parent: this, provider });
        this.release = new k8s.helm.v3.Release(
            `${name}-chart`,
            {
                name: EXTERNAL_DNS_RELEASE,
                chart: EXTERNAL_DNS_CHART.chart,
                version: EXTERNAL_DNS_CHART.version,
                repositoryOpts: { repo: EXTERNAL_DNS_CHART.repo },
                namespace: namespace.metadata.name,
                values: externalDnsValues({
                    clusterName: args.clusterName,
                    subdomain: args.subdomain,
                    hostedZoneId: args.hostedZoneId,
                    region: args.aws.region,
                    policy,
                    interval,
                }),
                skipAwait: false,
                timeout: 600,
            },
            { parent: this, provider, dependsOn: [association, args.systemNodes, args.traefikCrds] },
        );

        this.leftoversCommand = externalDnsLeftoversCommand(args.hostedZoneId, args.clusterName);
        this.registerOutputs({ roleArn: this.role.arn, status: this.release.status, leftoversCommand: this.leftoversCommand });
    }
}
