import { forEachIdentityStatement, IDENTITY_POLICY_TYPES } from "../../../lib/iam.js";
import { resourceRule } from "../../../lib/rule.js";
import { globMatch, isUnknown } from "../../../lib/values.js";

const CHANGE = "route53:changeresourcerecordsets";
/** One named hosted zone: `arn:<partition>:route53:::hostedzone/<id>`, no wildcard in the id. */
const ONE_ZONE = /^arn:aws[a-z-]*:route53:::hostedzone\/[A-Z0-9]+$/;

export const awsRoute53ChangeRecordsInOneZone = resourceRule({
    name: "aws-route53-change-records-in-one-zone",
    description: "Identity policies that change Route 53 records name the hosted zones they may change; never hostedzone/* or *, so a DNS controller cannot write outside its zone.",
    severity: "high",
    enforcementLevel: "mandatory",
    resourceTypes: IDENTITY_POLICY_TYPES,
    validate: (props, args, report) => {
        forEachIdentityStatement(args.type, props, report, (s, label) => {
            if (s.effect !== "Allow" || !s.actions.some((a) => globMatch(a, CHANGE))) return;
            const wide = s.resources.filter((r) => !isUnknown(r) && !ONE_ZONE.test(r));
            if (wide.length > 0) {
                report(`${label}, allows route53:ChangeResourceRecordSets on ${wide.join(", ")}: name the one zone, arn:aws:route53:::hostedzone/<zone id>.`);
            }
        });
    },
});
