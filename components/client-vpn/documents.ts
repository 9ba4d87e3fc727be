import { formatCidr, parseCidr } from "../../domain/cidr.js";

/** The Amazon-provided DNS server of a VPC: its base address plus two (VPC user guide, "AmazonProvidedDNS"). */
export function vpcResolver(vpcCidr: string): string {
    const cidr = parseCidr(vpcCidr);
    if (!cidr) throw new Error(`vpcResolver: ${vpcCidr} is not a CIDR`);
    return formatCidr({ base: cidr.base + 2, prefix: 32 }).replace(/\/32$/, "");
}

/** Certificates the endpoint uses: a CA of its own, a server and an operators' client certificate it signs. */
export const VPN_CERTIFICATES = {
    /** Ten years: the CA outlives the leaf certificates it signs. */
    caValidityHours: 87_600,
    /** Two years: rotate by replacing the certificate resource (`pulumi up --replace`). */
    leafValidityHours: 17_520,
    /** ACM imports RSA 2048 keys; Client VPN takes them for mutual authentication. */
    rsaBits: 2048,
} as const;

/** Client VPN's authentication type for mutual TLS (CreateClientVpnEndpoint AuthenticationOptions). */
export const MUTUAL_TLS = "certificate-authentication";

/** Common names of the certificates; Client VPN wants a domain name on the server certificate. */
export function certificateNames(clusterName: string) {
    return {
        ca: `${clusterName} Client VPN CA`,
        server: `server.${clusterName}.vpn.internal`,
        client: `operators.${clusterName}.vpn.internal`,
    };
}
