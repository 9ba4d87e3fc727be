import { z } from "zod";
import { allocateBlocks, parseCidr, usableAddresses } from "../../domain/cidr.js";
import { cidr, logRetentionDays, type SchemaContext } from "./common.js";

export const NAT_STRATEGIES = ["single", "onePerAz"] as const;
export type NatStrategy = (typeof NAT_STRATEGIES)[number];

/** Pods take VPC addresses (VPC CNI), so prod must leave room for them across its AZs. */
export const PROD_MIN_PRIVATE_IPS = 45_000;

export function networkSchema(ctx: SchemaContext) {
    return z
        .strictObject({
            /** The VPC's IPv4 CIDR: AWS allows /16 to /28. */
            cidr: cidr.superRefine((value, issue) => {
                const prefix = parseCidr(value)?.prefix;
                if (prefix !== undefined && (prefix < 16 || prefix > 28)) {
                    issue.addIssue({ code: "custom", message: `a VPC CIDR must be /16 to /28, got /${prefix}; write e.g. 10.0.0.0/16` });
                }
            }),
            /** How many AZs to spread subnets over. */
            azCount: z.number().int().min(2, { error: "must be at least 2: EKS needs subnets in two AZs" }).max(6),
            /** Prefix length of each private (node and pod) subnet. */
            privateSubnetPrefix: z.number().int().min(16).max(28),
            /** Prefix length of each public (load balancer) subnet. */
            publicSubnetPrefix: z.number().int().min(16).max(28),
            /** NAT gateways: one for the VPC, or one per AZ so an AZ outage does not cut egress. */
            natGateways: z.enum(NAT_STRATEGIES),
            flowLogs: z.strictObject({
                /** Days CloudWatch keeps VPC flow logs. */
                retentionDays: logRetentionDays,
                /** Which traffic is logged. */
                trafficType: z.enum(["ALL", "ACCEPT", "REJECT"]),
            }),
        })
        .superRefine((net, issue) => {
            // zod runs this even when a field failed its own check; those are reported already.
            const vpc = parseCidr(net.cidr);
            const sane = (n: number, min: number, max: number) => Number.isInteger(n) && n >= min && n <= max;
            if (!vpc || !sane(net.azCount, 2, 6) || !sane(net.privateSubnetPrefix, 16, 28) || !sane(net.publicSubnetPrefix, 16, 28)) return;
            const prefixes = [
                ...Array<number>(net.azCount).fill(net.privateSubnetPrefix),
                ...Array<number>(net.azCount).fill(net.publicSubnetPrefix),
            ];
            if (!allocateBlocks(vpc, prefixes)) {
                issue.addIssue({
                    code: "custom",
                    path: ["privateSubnetPrefix"],
                    message:
                        `${net.azCount} private /${net.privateSubnetPrefix} and ${net.azCount} public /${net.publicSubnetPrefix} ` +
                        `subnets do not fit in ${net.cidr}; use a larger network.cidr or longer subnet prefixes`,
                });
            }
            const privateIps = net.azCount * usableAddresses(net.privateSubnetPrefix);
            if (ctx.tier === "prod" && privateIps < PROD_MIN_PRIVATE_IPS) {
                issue.addIssue({
                    code: "custom",
                    path: ["privateSubnetPrefix"],
                    message:
                        `prod needs at least ${PROD_MIN_PRIVATE_IPS} private IPs for pods; ${net.azCount} x /${net.privateSubnetPrefix} ` +
                        `gives ${privateIps}; use a shorter prefix (e.g. 18) or more AZs`,
                });
            }
        });
}

export type NetworkConfig = z.infer<ReturnType<typeof networkSchema>>;
