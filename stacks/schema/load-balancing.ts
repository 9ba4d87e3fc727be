import { z } from "zod";
import { INGRESS_GROUP_NAME, MODERN_TLS_POLICIES } from "../../domain/load-balancing.js";
import type { SchemaContext } from "./common.js";

/** external-dns `--policy` values (chart values.schema.json, 1.21.1). */
export const EXTERNAL_DNS_POLICIES = ["sync", "upsert-only", "create-only"] as const;

/** A Go duration as external-dns' `--interval` takes it, kept to whole seconds, minutes or hours. */
const GO_DURATION = /^[1-9][0-9]*(s|m|h)$/;

/**
 * The `loadBalancing` slice: the AWS Load Balancer Controller, its ALB ingress group (ACM
 * certificate, WAF, the seed's example Ingress) and external-dns. The ALB group and external-dns
 * write into the ingress's hosted zone, so they are built only when `ingress.enabled` is true.
 */
export function loadBalancingSchema(_ctx: SchemaContext) {
    return z
        .strictObject({
            controller: z.strictObject({
                /** Install the AWS Load Balancer Controller; Traefik's NLB then comes from it (ip targets, client IPs kept). */
                enabled: z.boolean(),
                /** Controller replicas, spread over the system nodes behind a PodDisruptionBudget. */
                replicas: z.number().int().min(2, { error: "must be at least 2: the controller's webhooks fail Service and Ingress changes while it is down" }).max(5),
            }),
            albGroup: z.strictObject({
                /** The `alb` IngressClass whose Ingresses share one internet-facing ALB (HTTPS, ACM certificate). Needs the controller and ingress. */
                enabled: z.boolean(),
                /** The ingress group name: every Ingress of class `alb` joins it. */
                name: z.string().regex(INGRESS_GROUP_NAME, { error: "must be 1-63 lowercase letters, digits, - or ., starting and ending with a letter or digit" }),
                /** The ALB's HTTPS security policy (TLS 1.3 family only). */
                sslPolicy: z.enum(MODERN_TLS_POLICIES),
                /** A WAFv2 web ACL (AWS managed common rule set and known bad inputs) on the group's ALB. */
                waf: z.boolean(),
                /** The seed's example Ingress (`/v1/algo/` to the echo server through the ALB). Needs ingress.echoApp. */
                exampleIngress: z.boolean(),
            }),
            externalDns: z.strictObject({
                /** external-dns for the cluster subdomain (Services, Ingresses, Traefik IngressRoutes). */
                enabled: z.boolean(),
                /** `sync` deletes the records of deleted sources; `upsert-only` never deletes. */
                policy: z.enum(EXTERNAL_DNS_POLICIES),
                /** How often external-dns reconciles besides on events. */
                interval: z.string().regex(GO_DURATION, { error: 'must be a whole number of s, m or h, like "1m"' }),
            }),
        })
        .superRefine((lb, issue) => {
            if (lb.albGroup.enabled && !lb.controller.enabled) {
                issue.addIssue({
                    code: "custom",
                    path: ["albGroup", "enabled"],
                    message: "needs loadBalancing.controller.enabled: the controller builds the ALB; enable it or set albGroup.enabled to false",
                });
            }
            if (lb.albGroup.exampleIngress && !lb.albGroup.enabled) {
                issue.addIssue({
                    code: "custom",
                    path: ["albGroup", "exampleIngress"],
                    message: "needs loadBalancing.albGroup.enabled: the example joins the ALB group; enable the group or set exampleIngress to false",
                });
            }
        });
}

export type LoadBalancingConfig = z.infer<ReturnType<typeof loadBalancingSchema>>;

/** Cross-slice: the example Ingress routes to the echo server, which ingress.echoApp builds. */
export function loadBalancingCrossSliceProblems(config: { loadBalancing: LoadBalancingConfig; ingress: { enabled: boolean; echoApp: boolean } }) {
    const { loadBalancing, ingress } = config;
    if (ingress.enabled && loadBalancing.albGroup.enabled && loadBalancing.albGroup.exampleIngress && !ingress.echoApp) {
        return [
            {
                key: "loadBalancing.albGroup.exampleIngress",
                message: "routes to the echo server, which ingress.echoApp: false leaves out; set ingress.echoApp to true or exampleIngress to false",
            },
        ];
    }
    return [];
}
