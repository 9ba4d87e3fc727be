import { conditionValues, forEachIdentityStatement, IDENTITY_POLICY_TYPES } from "../../../lib/iam.js";
import { resourceRule } from "../../../lib/rule.js";
import { globMatch } from "../../../lib/values.js";

const WRITE = "route53:changeresourcerecordsets";
const NAMES_KEY = "route53:ChangeResourceRecordSetsNormalizedRecordNames";

export const awsRoute53WriteLimitedByRecordNames = resourceRule({
    name: "aws-route53-write-limited-by-record-names",
    description:
        "A policy that lets a workload change Route 53 records names the records it may change (route53:ChangeResourceRecordSetsNormalizedRecordNames under ForAllValues), so it cannot rewrite a zone's MX, SPF, DMARC or verification records.",
    severity: "high",
    enforcementLevel: "mandatory",
    resourceTypes: IDENTITY_POLICY_TYPES,
    validate: (props, args, report) => {
        forEachIdentityStatement(args.type, props, report, (s, label) => {
            if (s.effect !== "Allow" || !s.actions.some((a) => a === "*" || globMatch(a, WRITE))) return;
            // ForAnyValue would pass a change batch holding one allowed name and any others.
            if (conditionValues(s, /^ForAllValues:String(Equals|Like)(IgnoreCase)?$/i, NAMES_KEY).length > 0) return;
            report(`${label}, allows route53:ChangeResourceRecordSets on any record name: add a "ForAllValues:StringLike" condition on ${NAMES_KEY} (e.g. ["_acme-challenge.*"]).`);
        });
    },
});
