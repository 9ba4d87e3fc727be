/**
 * The DNS names of a cluster's ingress. Everything lives under one subdomain of the user's
 * zone, `k8s-<region>-<cluster>.<domain>`, so two clusters can share a zone without their
 * records, certificates or DNS-01 challenges ever touching each other.
 */

/** One DNS label: 1-63 lowercase letters, digits or hyphens, no hyphen at either end (RFC 1123). */
const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
/** RFC 1035: a name is at most 253 characters written without the trailing dot. */
const MAX_DNS_NAME = 253;

/** Why `name` is not a DNS name this platform can put records under, or undefined when it is. */
export function dnsNameProblem(name: string): string | undefined {
    if (name.endsWith(".")) return `"${name}" ends with a dot; write it without the trailing dot, like example.com`;
    if (name !== name.toLowerCase()) return `"${name}" has capital letters; write it in lowercase, like ${name.toLowerCase()}`;
    if (name.length > MAX_DNS_NAME) return `"${name}" is ${name.length} characters long; a DNS name has at most ${MAX_DNS_NAME}`;
    const labels = name.split(".");
    const bad = labels.find((label) => !DNS_LABEL.test(label));
    if (bad !== undefined) {
        return `"${name}" is not a valid DNS name ("${bad}" is not a label of 1-63 letters, digits or inner hyphens); write it like example.com`;
    }
    if (labels.length < 2) return `"${name}" is not a DNS domain; write a domain with a hosted zone in Route 53, like example.com`;
    return undefined;
}

/** The label the cluster's names live under: `k8s-<region>-<cluster>` (DNS is case-insensitive; records are lowercase). */
export function clusterSubdomainLabel(region: string, clusterName: string): string {
    return `k8s-${region}-${clusterName}`.toLowerCase();
}

/** Why the cluster's subdomain cannot be built from these names, or undefined. */
export function subdomainProblem(region: string, clusterName: string, domain: string): string | undefined {
    const label = clusterSubdomainLabel(region, clusterName);
    if (!DNS_LABEL.test(label)) {
        return `the ingress subdomain "${label}" (k8s-<region>-<cluster.name>) is not a DNS label: it needs 1-63 letters, digits or hyphens (no _), so shorten or rename cluster.name`;
    }
    // The longest name written under the subdomain is not a host but cert-manager's DNS-01 TXT
    // record: a subdomain that leaves room for `traefik.` but not for `_acme-challenge.` would
    // deploy, then never get its certificate.
    const longest = [ACME_CHALLENGE_LABEL, ...Object.values(HOST_PREFIXES)]
        .map((prefix) => `${prefix}.${label}.${domain}`)
        .reduce((a, b) => (b.length > a.length ? b : a));
    if (longest.length > MAX_DNS_NAME) {
        return `${longest} is longer than ${MAX_DNS_NAME} characters; use a shorter ingress.domain or cluster.name`;
    }
    return undefined;
}

/** The label DNS-01 challenges put their TXT record under (RFC 8555, section 8.4). */
export const ACME_CHALLENGE_LABEL = "_acme-challenge";

/** Hosts served under the cluster subdomain. */
export const HOST_PREFIXES = { dashboard: "traefik", echo: "echo" } as const;

export interface IngressHostnames {
    /** `k8s-<region>-<cluster>.<domain>`: the apex of everything this cluster serves. */
    readonly subdomain: string;
    /** `*.<subdomain>`: the wildcard record and certificate name. */
    readonly wildcard: string;
    /** The Traefik dashboard. */
    readonly dashboard: string;
    /** The validation echo server. */
    readonly echo: string;
}

export function ingressHostnames(region: string, clusterName: string, domain: string): IngressHostnames {
    const problem = dnsNameProblem(domain) ?? subdomainProblem(region, clusterName, domain);
    if (problem) throw new Error(problem);
    const subdomain = `${clusterSubdomainLabel(region, clusterName)}.${domain}`;
    return {
        subdomain,
        wildcard: `*.${subdomain}`,
        dashboard: `${HOST_PREFIXES.dashboard}.${subdomain}`,
        echo: `${HOST_PREFIXES.echo}.${subdomain}`,
    };
}
