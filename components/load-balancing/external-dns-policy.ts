import type * as aws from "@pulumi/aws";
import type { AwsContext } from "../aws-context.js";
import { hostedZoneArn } from "../ingress/route53-policy.js";

/** Record types external-dns writes here: alias A/AAAA to load balancers, CNAMEs, and its TXT ownership records. */
export const EXTERNAL_DNS_RECORD_TYPES = ["A", "AAAA", "CNAME", "TXT"] as const;

/**
 * external-dns' Route 53 policy: upstream's (docs/tutorials/aws.md at v0.21.0: change and
 * list record sets and tags on hosted zones, list the zones) with the zone narrowed from
 * `hostedzone/*` to the stack's one zone, and record changes confined to names under the
 * cluster's subdomain (`route53:ChangeResourceRecordSetsNormalizedRecordNames`, the ABAC
 * variant of the same guide). The subdomain's apex is not under it, so the A record Pulumi
 * keeps there is out of reach; `ListHostedZones` cannot be scoped (IAM: no resource type).
 * The change actions follow external-dns' `--policy`: DELETE only with `sync`.
 */
export function externalDnsPolicy(
    ctx: Pick<AwsContext, "partition">,
    hostedZoneId: string,
    subdomain: string,
    policy: "sync" | "upsert-only" | "create-only" = "sync",
): aws.iam.PolicyDocument {
    const zone = hostedZoneArn(ctx, hostedZoneId);
    // What the external-dns policy promises, IAM enforces: without sync it never deletes.
    const actions = policy === "sync" ? ["CREATE", "UPSERT", "DELETE"] : policy === "upsert-only" ? ["CREATE", "UPSERT"] : ["CREATE"];
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "RecordsUnderClusterSubdomain",
                Effect: "Allow",
                Action: "route53:ChangeResourceRecordSets",
                Resource: zone,
                Condition: {
                    "ForAllValues:StringLike": { "route53:ChangeResourceRecordSetsNormalizedRecordNames": [`*.${subdomain}`] },
                    "ForAllValues:StringEquals": {
                        "route53:ChangeResourceRecordSetsRecordTypes": [...EXTERNAL_DNS_RECORD_TYPES],
                        "route53:ChangeResourceRecordSetsActions": actions,
                    },
                },
            },
            {
                Sid: "ReadClusterZone",
                Effect: "Allow",
                Action: ["route53:ListResourceRecordSets", "route53:ListTagsForResources"],
                Resource: zone,
            },
            { Sid: "FindZones", Effect: "Allow", Action: "route53:ListHostedZones", Resource: "*" },
        ],
    };
}
