import { T } from "../../../lib/types.js";
import { resourceRule } from "../../../lib/rule.js";
import { listAt } from "../../../lib/values.js";

const ADMINISTRATOR_ACCESS = /^arn:aws[a-z-]*:iam::aws:policy\/AdministratorAccess$/;

export const awsIamNoAdministratorAccess = resourceRule({
    name: "aws-iam-no-administrator-access",
    description: "The AWS-managed AdministratorAccess policy is attached to nothing this stack creates.",
    severity: "critical",
    enforcementLevel: "mandatory",
    resourceTypes: [T.iamRolePolicyAttachment, T.iamPolicyAttachment, T.iamUserPolicyAttachment, T.iamGroupPolicyAttachment, T.iamRole],
    validate: (props, args, report) => {
        const arns = args.type === T.iamRole ? listAt(props, "managedPolicyArns") : [props["policyArn"]];
        if (arns.some((a) => typeof a === "string" && ADMINISTRATOR_ACCESS.test(a))) {
            report("AdministratorAccess is attached: attach a policy that lists the actions and resources needed instead.");
        }
    },
});
