import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { CERT_MANAGER_CHART } from "../../domain/versions.js";
import { LETSENCRYPT_ENVIRONMENTS, type LetsEncryptEnvironment } from "../../domain/acme.js";
import { clusterIssuer, wildcardCertificate } from "./issuers.js";
import { CERT_MANAGER_NAMESPACE, certManagerValues } from "./cert-manager-values.js";
import { customResource } from "./custom-resource.js";
import { dependsOnList } from "./dependencies.js";
import { chartRelease } from "../helm/chart-release.js";

export interface WildcardCertificateArgs {
    /** Namespace the certificate and its Secret live in (the consumer's: Traefik reads Secrets from its own). */
    readonly namespace: k8s.core.v1.Namespace;
    /** That namespace's name. */
    readonly namespaceName: string;
    /** The Certificate's name. */
    readonly name: string;
    /** The Secret cert-manager writes the key pair to. */
    readonly secretName: string;
    /** `*.<subdomain>` and `<subdomain>`. */
    readonly dnsNames: string[];
}

export interface CertManagerArgs {
    /** The cluster's Kubernetes provider. */
    readonly provider: k8s.Provider;
    /** ACME account email for both Let's Encrypt issuers. */
    readonly acmeEmail: string;
    /** The user's hosted zone the DNS-01 records go into. */
    readonly hostedZoneId: string;
    /** Region of the Route 53 API client. */
    readonly region: string;
    /** The zone the issuers answer for: the cluster's subdomain. */
    readonly dnsZone: string;
    /** Which issuer the wildcard certificate uses. @default "staging" */
    readonly issuer?: LetsEncryptEnvironment;
    /** The wildcard certificate for the cluster's subdomain. */
    readonly certificate: WildcardCertificateArgs;
    /** Replicas of each cert-manager component. @default 2 */
    readonly replicas?: number;
    /**
     * What the controller needs before it starts: its Pod Identity association (credentials are
     * injected when the pod is created, never later). @default []
     */
    readonly podIdentity?: pulumi.Resource[];
}

export const CERT_MANAGER_DEFAULTS = { issuer: "staging" as LetsEncryptEnvironment, replicas: 2, podIdentity: [] as pulumi.Resource[] };

/**
 * cert-manager in the cluster: the chart with its CRDs, ClusterIssuers for Let's Encrypt
 * staging and production (DNS-01 in Route 53, limited to the cluster's subdomain) and the
 * cluster's wildcard certificate.
 */
export class CertManager extends pulumi.ComponentResource {
    readonly release: k8s.helm.v3.Release;
    readonly issuers: Record<LetsEncryptEnvironment, k8s.apiextensions.CustomResource>;
    readonly certificate: k8s.apiextensions.CustomResource;
    /** The Secret holding the wildcard key pair, once issued. */
    readonly certificateSecretName: string;

    constructor(name: string, args: CertManagerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:ingress:CertManager", name, {}, opts);
        const { issuer, replicas, podIdentity } = { ...CERT_MANAGER_DEFAULTS, ...args };
        const provider = args.provider;

        const namespace = new k8s.core.v1.Namespace(
            `${name}-namespace`,
            { metadata: { name: CERT_MANAGER_NAMESPACE } },
            { parent: this, provider },
        );
        this.release = new k8s.helm.v3.Release(
            `${name}-chart`,
            chartRelease(CERT_MANAGER_CHART, {
                namespace: namespace.metadata.name,
                values: certManagerValues({ replicas }),
                // Wait for the webhook: issuers created before it answers are rejected.
                skipAwait: false,
                timeout: 600,
            }),
            { parent: this, provider, dependsOn: [...podIdentity, ...dependsOnList(opts?.dependsOn)] },
        );

        const crdOpts = { parent: this, provider, dependsOn: [this.release] };
        const issuers = {} as Record<LetsEncryptEnvironment, k8s.apiextensions.CustomResource>;
        for (const environment of LETSENCRYPT_ENVIRONMENTS) {
            issuers[environment] = customResource(
                `${name}-issuer-${environment}`,
                clusterIssuer({ environment, email: args.acmeEmail, hostedZoneId: args.hostedZoneId, region: args.region, dnsZone: args.dnsZone }),
                crdOpts,
            );
        }
        this.issuers = issuers;

        this.certificateSecretName = args.certificate.secretName;
        this.certificate = customResource(
            `${name}-wildcard`,
            wildcardCertificate({
                name: args.certificate.name,
                namespace: args.certificate.namespaceName,
                secretName: args.certificate.secretName,
                issuer,
                dnsNames: args.certificate.dnsNames,
            }),
            { parent: this, provider, dependsOn: [this.release, issuers[issuer], args.certificate.namespace] },
        );

        this.registerOutputs({ certificateSecretName: this.certificateSecretName, issuer });
    }
}
