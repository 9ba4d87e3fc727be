import { T } from "../../../lib/types.js";
import { resourceRule } from "../../../lib/rule.js";
import { isUnknown, peek } from "../../../lib/values.js";

export const awsIamRolePermissionsBoundary = resourceRule({
    name: "aws-iam-role-permissions-boundary",
    description:
        "Every role the program creates carries the stack's permissions boundary and lives under the stack's IAM path, as scopedRoleArgs() gives them: the deploy role may create no other role, and a boundary caps whatever policy the role is given later.",
    severity: "high",
    enforcementLevel: "mandatory",
    resourceTypes: [T.iamRole],
    validate: (props, _args, report) => {
        const boundary = peek(props, "permissionsBoundary");
        const path = peek(props, "path");
        const fix = "spread scopedRoleArgs(args.aws) (components/iam/scope.ts) into the role's args";
        if (typeof boundary !== "string" || boundary === "") {
            report(`The role has no permissions boundary: ${fix}.`);
        } else if (!isUnknown(boundary) && /^arn:aws[a-z-]*:iam::aws:policy\//.test(boundary)) {
            report(`The role's boundary ${boundary} is an AWS managed policy, which the platform cannot narrow: ${fix}.`);
        }
        if (path === undefined || path === "/" || path === "") report(`The role sits at the root IAM path, where the deploy role may not create it: ${fix}.`);
    },
});
