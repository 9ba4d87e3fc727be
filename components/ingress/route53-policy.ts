import type * as aws from "@pulumi/aws";
import type { AwsContext } from "../aws-context.js";

/** Route 53 is global: its ARNs carry no region or account. */
export function hostedZoneArn(ctx: Pick<AwsContext, "partition">, hostedZoneId: string): string {
    return `arn:${ctx.partition}:route53:::hostedzone/${hostedZoneId}`;
}

/**
 * What cert-manager needs to answer DNS-01 challenges in one hosted zone: the policy of the
 * cert-manager Route 53 guide, with the record changes limited to this zone instead of
 * `hostedzone/*`. The TXT-only condition keeps the role from touching any other record,
 * including the A records this program manages in the same zone. `ListHostedZonesByName`
 * is only used when an issuer names no zone; ours do, but a ClusterIssuer added later may not.
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
                Action: ["route53:ChangeResourceRecordSets", "route53:ListResourceRecordSets"],
                Resource: hostedZoneArn(ctx, hostedZoneId),
                Condition: {
                    "ForAllValues:StringEquals": { "route53:ChangeResourceRecordSetsRecordTypes": ["TXT"] },
                },
            },
            {
                Sid: "FindZones",
                Effect: "Allow",
                Action: "route53:ListHostedZonesByName",
                Resource: "*",
            },
        ],
    };
}
