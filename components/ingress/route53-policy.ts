import type * as aws from "@pulumi/aws";
import type { AwsContext } from "../aws-context.js";

/** Route 53 is global: its ARNs carry no region or account. */
export function hostedZoneArn(ctx: Pick<AwsContext, "partition">, hostedZoneId: string): string {
    return `arn:${ctx.partition}:route53:::hostedzone/${hostedZoneId}`;
}

/**
 * The only record names cert-manager writes: the DNS-01 challenge names (RFC 8555 §8.4). The
 * condition key holds names lower-cased and without the trailing dot (Route 53 normalises them).
 */
export const ACME_CHALLENGE_RECORD_NAMES = ["_acme-challenge.*"] as const;

/**
 * What cert-manager's Route 53 DNS-01 solver calls at v1.21.1
 * (`pkg/issuer/acme/dns/route53/route53.go`): `ChangeResourceRecordSets` with UPSERT to present
 * and DELETE to clean up one TXT record, then `GetChange` until the change is INSYNC.
 * `ListHostedZonesByName` is only called when the issuer names no `hostedZoneID`; every issuer
 * this program writes names it, so the role has no way to list the account's zones.
 * `ListResourceRecordSets` is never called.
 *
 * The record changes are limited to this zone, to TXT records, to challenge names and to the two
 * actions: the role cannot rewrite SPF, DMARC or domain-verification TXT records, nor the
 * A/AAAA records this program manages in the same zone.
 */
export function certManagerRoute53Policy(ctx: Pick<AwsContext, "partition">, hostedZoneId: string): aws.iam.PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "ReadChangeStatus",
                Effect: "Allow",
                Action: "route53:GetChange",
                Resource: `arn:${ctx.partition}:route53:::change/*`,
            },
            {
                Sid: "ChallengeRecordsInClusterZone",
                Effect: "Allow",
                Action: "route53:ChangeResourceRecordSets",
                Resource: hostedZoneArn(ctx, hostedZoneId),
                Condition: {
                    "ForAllValues:StringEquals": {
                        "route53:ChangeResourceRecordSetsRecordTypes": ["TXT"],
                        "route53:ChangeResourceRecordSetsActions": ["UPSERT", "DELETE"],
                    },
                    "ForAllValues:StringLike": {
                        "route53:ChangeResourceRecordSetsNormalizedRecordNames": [...ACME_CHALLENGE_RECORD_NAMES],
                    },
                },
            },
        ],
    };
}
