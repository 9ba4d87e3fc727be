import type { IngressHostnames } from "../../domain/hostnames.js";

/** The records pointing the cluster's names at Traefik's load balancer: a typed table. */
export function ingressRecordNames(hostnames: IngressHostnames): { role: "apex" | "wildcard"; name: string }[] {
    return [
        { role: "apex", name: hostnames.subdomain },
        { role: "wildcard", name: hostnames.wildcard },
    ];
}

export interface AliasRecordTarget {
    readonly type: "A";
    readonly aliases: { name: string; zoneId: string; evaluateTargetHealth: boolean }[];
    readonly records?: undefined;
    readonly ttl?: undefined;
}

export interface CnameRecordTarget {
    readonly type: "CNAME";
    readonly records: string[];
    readonly ttl: number;
    readonly aliases?: undefined;
}

export type RecordTarget = AliasRecordTarget | CnameRecordTarget;

/** CNAMEs are only the fallback; five minutes keeps a load balancer change from lingering. */
export const CNAME_TTL = 300;

/** `<name>-<id>.elb.<region>.amazonaws.com` (`.com.cn` in China): the DNS names NLBs get. */
export function isNetworkLoadBalancerHostname(hostname: string, region: string): boolean {
    const escaped = region.replace(/[-]/g, "\\-");
    return new RegExp(`^[a-z0-9][a-z0-9-]*\\.elb\\.${escaped}\\.amazonaws\\.com(\\.cn)?$`).test(hostname);
}

/**
 * An alias A record when the hostname is an NLB of this region (no extra lookup for clients,
 * free queries, follows the NLB's addresses), a CNAME to the hostname otherwise: the Service
 * could be served by another kind of load balancer, whose alias zone we would have to guess.
 */
export function recordTarget(hostname: string, region: string, nlbHostedZoneId: string): RecordTarget {
    if (isNetworkLoadBalancerHostname(hostname, region)) {
        return { type: "A", aliases: [{ name: hostname, zoneId: nlbHostedZoneId, evaluateTargetHealth: true }] };
    }
    return { type: "CNAME", records: [hostname], ttl: CNAME_TTL };
}
