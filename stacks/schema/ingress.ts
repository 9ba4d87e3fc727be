import { z } from "zod";
import { LETSENCRYPT_ENVIRONMENTS } from "../../domain/acme.js";
import { dnsNameProblem, subdomainProblem } from "../../domain/hostnames.js";
import type { SchemaContext } from "./common.js";

/** Route 53 hosted zone ids as the API returns them, without the `/hostedzone/` prefix. */
export const HOSTED_ZONE_ID = /^Z[A-Z0-9]{1,32}$/;

const domain = z.string().superRefine((value, ctx) => {
    const problem = dnsNameProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
});

const hostedZoneId = z.string().superRefine((value, ctx) => {
    if (HOSTED_ZONE_ID.test(value)) return;
    const hint = value.startsWith("/hostedzone/") ? `; drop the /hostedzone/ prefix and write ${value.slice("/hostedzone/".length)}` : "";
    ctx.addIssue({
        code: "custom",
        message: `"${value}" is not a Route 53 hosted zone id: write the zone's Id from \`aws route53 list-hosted-zones-by-name\`, like Z0123456789ABCDEFGHIJ${hint}`,
    });
});

const acmeEmail = z.email({ error: "must be an email address Let's Encrypt can send expiry notices to, like platform-team@example.com" });

export function ingressSchema(_ctx: SchemaContext) {
    return z
        .strictObject({
            /** Traefik, cert-manager, DNS records and the dashboard. Needs domain, hostedZoneId and acmeEmail. */
            enabled: z.boolean(),
            /** The domain of the user's Route 53 hosted zone; the cluster's names go under `k8s-<region>-<cluster>.<domain>`. */
            domain: domain.optional(),
            /** The id of that hosted zone. The zone is the user's: this program only adds records to it. */
            hostedZoneId: hostedZoneId.optional(),
            /** The ACME account email for Let's Encrypt. */
            acmeEmail: acmeEmail.optional(),
            /** Which Let's Encrypt environment certificates come from; both ClusterIssuers always exist. */
            issuer: z.enum(LETSENCRYPT_ENVIRONMENTS),
            /** Traefik replicas (a PodDisruptionBudget keeps all but one up). */
            traefikReplicas: z.number().int().min(2, { error: "must be at least 2: one replica drops traffic whenever its node is drained" }).max(20),
            /** The dashboard's basic-auth user name (the password is generated). */
            dashboardUser: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, { error: "must be 1-64 letters, digits, . _ or -" }),
            /** The echo server at `echo.<subdomain>`, for checking a fresh cluster end to end. */
            echoApp: z.boolean(),
        })
        .superRefine((ingress, issue) => {
            if (!ingress.enabled) return;
            const required = [
                ["domain", "the domain of your Route 53 hosted zone, like example.com"],
                ["hostedZoneId", "that zone's id, like Z0123456789ABCDEFGHIJ"],
                ["acmeEmail", "an email address for Let's Encrypt notices, like platform-team@example.com"],
            ] as const;
            for (const [key, what] of required) {
                if (ingress[key] === undefined) {
                    issue.addIssue({
                        code: "custom",
                        path: [key],
                        message: `is required when ingress.enabled is true: set it to ${what}, or set ingress.enabled to false`,
                    });
                }
            }
        });
}

export type IngressConfig = z.infer<ReturnType<typeof ingressSchema>>;

/** The ingress slice once `enabled` is true: the three keys it needs are present. */
export type EnabledIngressConfig = IngressConfig & { readonly enabled: true; readonly domain: string; readonly hostedZoneId: string; readonly acmeEmail: string };

export function ingressEnabled(config: IngressConfig): config is EnabledIngressConfig {
    return config.enabled && config.domain !== undefined && config.hostedZoneId !== undefined && config.acmeEmail !== undefined;
}

/**
 * The subdomain combines keys of three slices (region, cluster name, domain), so it is checked
 * once they have all parsed. Reported against `cluster.name`, the key that usually needs changing.
 */
export function ingressSubdomainProblems(config: { ingress: IngressConfig; cluster: { name: string } }, region: string) {
    if (!ingressEnabled(config.ingress) || dnsNameProblem(config.ingress.domain)) return [];
    const problem = subdomainProblem(region, config.cluster.name, config.ingress.domain);
    return problem ? [{ key: "cluster.name", message: problem }] : [];
}
