import { T } from "../../../lib/types.js";
import { parsePolicyDocument, PolicyDocumentError, type Statement } from "../../../lib/iam.js";
import { resourceRule } from "../../../lib/rule.js";

const SERVICE_ACCOUNT = /^system:serviceaccount:[a-z0-9-]+:[a-z0-9.-]+$/;

/** Condition values of keys ending in `:<suffix>` (the issuer is part of the key). */
function issuerValues(s: Statement, operator: RegExp, suffix: string): string[] {
    return Object.entries(s.condition ?? {})
        .filter(([op]) => operator.test(op))
        .flatMap(([, block]) => Object.entries(block).filter(([key]) => key.endsWith(`:${suffix}`)).flatMap(([, v]) => v));
}

export const awsIamIrsaTrustScoped = resourceRule({
    name: "aws-iam-irsa-trust-scoped",
    description: "A role assumed through the cluster's OIDC provider (IRSA) trusts exactly one service account and the STS audience.",
    severity: "high",
    enforcementLevel: "mandatory",
    resourceTypes: [T.iamRole],
    validate: (props, _args, report) => {
        try {
            parsePolicyDocument(props["assumeRolePolicy"]).forEach((s, i) => {
                const federated = s.principal === "*" || s.principal === undefined ? [] : (s.principal["Federated"] ?? []);
                if (s.effect !== "Allow" || !federated.some((f) => f.includes(":oidc-provider/"))) return;
                const id = s.sid ?? String(i);
                const subjects = issuerValues(s, /^StringEquals$/i, "sub");
                const loose = issuerValues(s, /^StringLike$/i, "sub");
                if (loose.length > 0) {
                    report(`Trust statement ${id} matches service accounts with StringLike ${loose.join(", ")}: use StringEquals with one system:serviceaccount:<namespace>:<name>.`);
                } else if (subjects.length !== 1 || !SERVICE_ACCOUNT.test(subjects[0]!)) {
                    report(
                        `Trust statement ${id} does not pin one service account (sub is ${subjects.length ? subjects.join(", ") : "unchecked"}): add StringEquals { "<issuer>:sub": "system:serviceaccount:<namespace>:<name>" }.`,
                    );
                }
                if (!issuerValues(s, /^StringEquals$/i, "aud").includes("sts.amazonaws.com")) {
                    report(`Trust statement ${id} does not check the audience: add StringEquals { "<issuer>:aud": "sts.amazonaws.com" }.`);
                }
            });
        } catch (err) {
            if (!(err instanceof PolicyDocumentError)) throw err;
            report(`assumeRolePolicy ${err.message}: build it as an aws.iam.PolicyDocument and serialise it with pulumi.jsonStringify.`);
        }
    },
});
