import { z } from "zod";
import { cidrsOverlap, parseCidr } from "../../domain/cidr.js";
import { cidr, logRetentionDays, type SchemaContext } from "./common.js";

/** AWS Client VPN takes a client CIDR between /12 and /22 (CreateClientVpnEndpoint ClientCidrBlock). */
export const CLIENT_CIDR_PREFIXES = { min: 12, max: 22 } as const;

export function clientVpnSchema(_ctx: SchemaContext) {
    return z.strictObject({
        /**
         * An AWS Client VPN endpoint for operators to reach the VPC (and prod's private API
         * endpoint): mutual TLS, split tunnel, authorized to the VPC CIDR only. @default false
         */
        enabled: z.boolean(),
        /** Addresses handed to VPN clients: /12 to /22, outside the VPC. */
        clientCidr: cidr.superRefine((value, issue) => {
            const parsed = parseCidr(value);
            if (parsed && (parsed.prefix < CLIENT_CIDR_PREFIXES.min || parsed.prefix > CLIENT_CIDR_PREFIXES.max)) {
                issue.addIssue({
                    code: "custom",
                    message: `Client VPN needs a client CIDR between /${CLIENT_CIDR_PREFIXES.min} and /${CLIENT_CIDR_PREFIXES.max}, got /${parsed.prefix}; e.g. 10.250.0.0/22`,
                });
            }
        }),
        /** Days CloudWatch keeps the connection log. */
        logRetentionDays,
        /** Hours a VPN session lasts before the client must reconnect (8 to 24, AWS's choices). */
        sessionTimeoutHours: z.union([z.literal(8), z.literal(10), z.literal(12), z.literal(24)], { error: "must be 8, 10, 12 or 24" }),
    });
}

export type ClientVpnConfig = z.infer<ReturnType<typeof clientVpnSchema>>;

/** The client CIDR must not overlap the VPC, or replies to VPN clients would stay in the VPC. */
export function clientVpnOverlapProblem(vpn: ClientVpnConfig, vpcCidr: string): { path: string[]; message: string } | undefined {
    const a = parseCidr(vpn.clientCidr);
    const b = parseCidr(vpcCidr);
    if (!a || !b || !cidrsOverlap(a, b)) return undefined;
    return {
        path: ["clientVpn", "clientCidr"],
        message: `${vpn.clientCidr} overlaps the VPC ${vpcCidr}; pick a client CIDR outside it (e.g. 10.250.0.0/22)`,
    };
}
