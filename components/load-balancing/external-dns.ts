import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { EXTERNAL_DNS_CHART } from "../../domain/versions.js";
import {
    EXTERNAL_DNS_NAMESPACE,
    EXTERNAL_DNS_RELEASE,
    externalDnsLeftoversCommand,
    externalDnsValues,
    type ExternalDnsValues,
} from "./external-dns-values.js";
import { chartRelease } from "../helm/chart-release.js";

export interface ExternalDnsArgs {
    /** The EKS cluster name: the TXT owner id and the association's cluster. */
    readonly clusterName: string;
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
    /** Its Pod Identity association (the role of externalDnsPolicy): the pods must find their role. */
    readonly podIdentity: pulumi.Resource;
    /** The stack's region (Pod Identity gives no region). */
    readonly region: string;
    /** `sync` or `upsert-only`. @default "upsert-only" */
    readonly policy?: ExternalDnsValues["policy"];
    /** Reconcile interval. @default "1m" */
    readonly interval?: string;
}

export const EXTERNAL_DNS_DEFAULTS = { policy: "upsert-only" as ExternalDnsValues["policy"], interval: "1m" };

/**
 * The in-cluster side of external-dns for the cluster subdomain: records for the hosts of Services, Ingresses and
 * Traefik IngressRoutes, owned through TXT records carrying the cluster name. Pulumi keeps
 * `<subdomain>` and `*.<subdomain>` (IngressDns); external-dns writes only names below it that
 * a source asks for (IAM allows no other name). Sources that should lose their record when
 * they are deleted must depend on `release`, so destroy deletes them while it still runs.
 */
export class ExternalDns extends pulumi.ComponentResource {
    readonly release: k8s.helm.v3.Release;
    /** Lists the records external-dns still owns: run it after `pulumi destroy` (README, Teardown). */
    readonly leftoversCommand: string;

    constructor(name: string, args: ExternalDnsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:load-balancing:ExternalDns", name, {}, opts);
        const { policy, interval } = { ...EXTERNAL_DNS_DEFAULTS, ...args };
        const provider = args.provider;

        const namespace = new k8s.core.v1.Namespace(`${name}-namespace`, { metadata: { name: EXTERNAL_DNS_NAMESPACE } }, { parent: this, provider });
        this.release = new k8s.helm.v3.Release(
            `${name}-chart`,
            chartRelease(EXTERNAL_DNS_CHART, {
                name: EXTERNAL_DNS_RELEASE,
                namespace: namespace.metadata.name,
                values: externalDnsValues({
                    clusterName: args.clusterName,
                    subdomain: args.subdomain,
                    hostedZoneId: args.hostedZoneId,
                    region: args.region,
                    policy,
                    interval,
                }),
                skipAwait: false,
                timeout: 600,
            }),
            { parent: this, provider, dependsOn: [args.podIdentity, args.systemNodes, args.traefikCrds] },
        );

        this.leftoversCommand = externalDnsLeftoversCommand(args.hostedZoneId, args.clusterName);
        this.registerOutputs({ status: this.release.status, leftoversCommand: this.leftoversCommand });
    }
}
