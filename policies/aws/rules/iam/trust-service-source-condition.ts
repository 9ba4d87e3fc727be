import { T } from "../../../lib/types.js";
import { conditionValues, parsePolicyDocument, PolicyDocumentError } from "../../../lib/iam.js";
import { resourceRule } from "../../../lib/rule.js";

/**
 * Service principals whose AWS documentation recommends `aws:SourceAccount` / `aws:SourceArn` in the
 * role's trust policy against the confused deputy, and where. EC2 (`ec2.amazonaws.com`) and the EKS
 * cluster role (`eks.amazonaws.com`) are not listed: their guides give no such condition.
 */
export const SOURCE_CONDITION_SERVICES: Readonly<Record<string, string>> = {
    "pods.eks.amazonaws.com": "EKS user guide, EKS Pod Identity role (aws:SourceAccount)",
    "eks-fargate-pods.amazonaws.com": "EKS user guide, Pod execution role (aws:SourceArn of the Fargate profiles)",
    "vpc-flow-logs.amazonaws.com": "VPC user guide, IAM role for publishing flow logs (aws:SourceAccount, aws:SourceArn)",
    "ssm.amazonaws.com": "EKS user guide, hybrid nodes with SSM (aws:SourceAccount, aws:SourceArn)",
};

const SOURCE_KEYS = ["aws:SourceAccount", "aws:SourceArn", "aws:SourceOrgID"];

export const awsIamTrustServiceSourceCondition = resourceRule({
    name: "aws-iam-trust-service-source-condition",
    description:
        "A role that an AWS service assumes on the account's behalf is limited to this account's (or resource's) requests with aws:SourceAccount or aws:SourceArn, where the service's guide recommends it.",
    severity: "high",
    enforcementLevel: "mandatory",
    resourceTypes: [T.iamRole],
    validate: (props, _args, report) => {
        if (props["assumeRolePolicy"] === undefined) return;
        try {
            parsePolicyDocument(props["assumeRolePolicy"]).forEach((s, i) => {
                if (s.effect !== "Allow" || s.principal === undefined || s.principal === "*") return;
                const services = (s.principal["Service"] ?? []).filter((svc) => svc in SOURCE_CONDITION_SERVICES);
                if (services.length === 0) return;
                if (SOURCE_KEYS.some((key) => conditionValues(s, /^(String|Arn)(Equals|Like)$/i, key).length > 0)) return;
                report(
                    `Trust statement ${s.sid ?? i} lets ${services.join(", ")} assume the role for any account: add an aws:SourceAccount (or aws:SourceArn) condition (${services.map((svc) => SOURCE_CONDITION_SERVICES[svc]).join("; ")}).`,
                );
            });
        } catch (err) {
            if (!(err instanceof PolicyDocumentError)) throw err;
            report(`The trust policy ${err.message}: build it as an aws.iam.PolicyDocument and serialise it with pulumi.jsonStringify.`);
        }
    },
});
