import { T } from "../../../lib/types.js";
import { conditionValues, isWildcardPrincipal, parsePolicyDocument, PolicyDocumentError } from "../../../lib/iam.js";
import { resourceRule } from "../../../lib/rule.js";

/** Conditions that confine a wildcard principal to known accounts, as AWS's own key policies do. */
const CONFINING_KEYS = ["kms:CallerAccount", "aws:PrincipalAccount", "aws:PrincipalOrgID"];

export const awsKmsKeyPolicyNoWildcardPrincipal = resourceRule({
    name: "aws-kms-key-policy-no-wildcard-principal",
    description: 'Key policies never allow Principal "*" unless a condition confines it to known accounts.',
    severity: "critical",
    enforcementLevel: "mandatory",
    resourceTypes: [T.kmsKey],
    validate: (props, _args, report) => {
        // No policy means the default key policy: the account root only.
        if (props["policy"] === undefined) return;
        try {
            parsePolicyDocument(props["policy"]).forEach((s, i) => {
                if (s.effect !== "Allow" || !isWildcardPrincipal(s.principal)) return;
                if (CONFINING_KEYS.some((k) => conditionValues(s, /^String(Equals|Like)$/i, k).length > 0)) return;
                report(`Key policy statement ${s.sid ?? i} allows Principal "*": name the principals, or add a kms:CallerAccount / aws:PrincipalOrgID condition.`);
            });
        } catch (err) {
            if (!(err instanceof PolicyDocumentError)) throw err;
            report(`The key policy ${err.message}: build it as an aws.iam.PolicyDocument and serialise it with pulumi.jsonStringify.`);
        }
    },
});
