import { T } from "../../../lib/types.js";
import { conditionValues, parsePolicyDocument, PolicyDocumentError, principalAccount } from "../../../lib/iam.js";
import { resourceRule } from "../../../lib/rule.js";

interface Config {
    readonly internalAccountIds: string[];
}

const ASSUME = new Set(["sts:assumerole", "sts:*", "*"]);

export const awsIamTrustRequireExternalId = resourceRule<Config>({
    name: "aws-iam-trust-require-external-id",
    description: "A role that another organisation's account may assume requires an sts:ExternalId (confused-deputy protection).",
    severity: "high",
    enforcementLevel: "mandatory",
    resourceTypes: [T.iamRole],
    configSchema: {
        properties: {
            internalAccountIds: {
                type: "array",
                items: { type: "string", pattern: "^\\d{12}$" },
                default: [],
                description: "This organisation's accounts: their principals need no external ID.",
            },
        },
    },
    validate: (props, _args, report, config) => {
        try {
            parsePolicyDocument(props["assumeRolePolicy"]).forEach((s, i) => {
                if (s.effect !== "Allow" || !s.actions.some((a) => ASSUME.has(a)) || s.principal === undefined) return;
                const aws = s.principal === "*" ? ["*"] : (s.principal["AWS"] ?? []);
                const external = aws.filter((p) => {
                    const account = principalAccount(p);
                    return account === undefined || !config.internalAccountIds.includes(account);
                });
                if (external.length === 0) return;
                if (conditionValues(s, /^String(Equals|Like)$/i, "sts:ExternalId").length === 0) {
                    report(
                        `Trust statement ${s.sid ?? i} lets ${external.join(", ")} assume the role without an external ID: add Condition StringEquals { "sts:ExternalId": <the id the third party gave you> } (or list the account in internalAccountIds if it is ours).`,
                    );
                }
            });
        } catch (err) {
            if (!(err instanceof PolicyDocumentError)) throw err;
            report(`assumeRolePolicy ${err.message}: build it as an aws.iam.PolicyDocument and serialise it with pulumi.jsonStringify.`);
        }
    },
});
