import { Certificate } from "@kubernetes-models/cert-manager/cert-manager.io/v1/Certificate";
import { ClusterIssuer } from "@kubernetes-models/cert-manager/cert-manager.io/v1/ClusterIssuer";
import { LETSENCRYPT_SERVERS, type LetsEncryptEnvironment } from "../../domain/acme.js";

export function clusterIssuerName(environment: LetsEncryptEnvironment): string {
    return `letsencrypt-${environment}`;
}

export interface ClusterIssuerOptions {
    readonly environment: LetsEncryptEnvironment;
    /** Where Let's Encrypt sends expiry and account notices. */
    readonly email: string;
    /** The user's hosted zone the challenge records go into. */
    readonly hostedZoneId: string;
    /** The region of the Route 53 API client. */
    readonly region: string;
    /** The only zone this issuer answers for: the cluster's subdomain (and everything under it). */
    readonly dnsZone: string;
}

/**
 * An ACME ClusterIssuer answering DNS-01 challenges in Route 53. It carries no credentials:
 * cert-manager's controller gets them from EKS Pod Identity, which ClusterIssuers may use
 * (ambient credentials are on by default for them). Naming the zone id skips the zone lookup.
 */
export function clusterIssuer(options: ClusterIssuerOptions): ClusterIssuer {
    const name = clusterIssuerName(options.environment);
    const issuer = new ClusterIssuer({
        metadata: { name },
        spec: {
            acme: {
                server: LETSENCRYPT_SERVERS[options.environment],
                email: options.email,
                // cert-manager creates the ACME account key in this Secret on first use.
                privateKeySecretRef: { name: `${name}-account-key` },
                solvers: [
                    {
                        selector: { dnsZones: [options.dnsZone] },
                        dns01: { route53: { region: options.region, hostedZoneID: options.hostedZoneId } },
                    },
                ],
            },
        },
    });
    issuer.validate();
    return issuer;
}

export interface WildcardCertificateOptions {
    readonly name: string;
    readonly namespace: string;
    /** The Secret cert-manager writes the key pair to. */
    readonly secretName: string;
    readonly issuer: LetsEncryptEnvironment;
    /** `*.<subdomain>` and `<subdomain>`: a wildcard does not cover the name it is a wildcard of. */
    readonly dnsNames: string[];
}

export function wildcardCertificate(options: WildcardCertificateOptions): Certificate {
    const certificate = new Certificate({
        metadata: { name: options.name, namespace: options.namespace },
        spec: {
            secretName: options.secretName,
            dnsNames: options.dnsNames,
            issuerRef: { name: clusterIssuerName(options.issuer), kind: "ClusterIssuer", group: "cert-manager.io" },
            // A new key at every renewal, so a key leaked from an old Secret stops working.
            privateKey: { algorithm: "ECDSA", size: 256, rotationPolicy: "Always" },
        },
    });
    certificate.validate();
    return certificate;
}
