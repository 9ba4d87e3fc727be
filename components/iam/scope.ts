import type * as pulumi from "@pulumi/pulumi";
import type { IamScope } from "../../domain/iam-scope.js";
import type { AwsContext } from "../aws-context.js";

/**
 * The path and permissions boundary every `aws.iam.Role` of the program carries. Spread it into
 * the role's args: `new aws.iam.Role(name, { ...scopedRoleArgs(args.aws), assumeRolePolicy, ... })`.
 * The deploy roles may create roles only under this path and only with this boundary
 * (`iam:PermissionsBoundary`), so a role without them fails at `pulumi up`, and the policy rule
 * `aws-iam-role-permissions-boundary` refuses it at preview.
 */
export function scopedRoleArgs(ctx: Pick<AwsContext, "iam">): { path?: string; permissionsBoundary?: string } {
    return ctx.iam ? { path: ctx.iam.path, permissionsBoundary: ctx.iam.permissionsBoundary } : {};
}

/** The path every customer-managed `aws.iam.Policy` of the program carries (deploy roles write only there). */
export function scopedPolicyArgs(ctx: Pick<AwsContext, "iam">): { path?: string } {
    return ctx.iam ? { path: ctx.iam.path } : {};
}

/**
 * For components whose children are out of reach (remote components such as `eks:index:Cluster`):
 * puts the scope on every role and policy they create. @pulumi/eks 4.3.0 creates roles only when
 * asked to (instance role, Fargate pod execution role, creator role), and its `ServiceRole` has
 * no path or boundary input, so this is how such a role would still comply.
 */
export function iamScopeTransform(scope: IamScope | undefined): pulumi.ResourceTransform {
    return (args) => {
        if (!scope) return undefined;
        if (args.type === "aws:iam/role:Role") {
            return { props: { ...args.props, path: scope.path, permissionsBoundary: scope.permissionsBoundary }, opts: args.opts };
        }
        if (args.type === "aws:iam/policy:Policy") return { props: { ...args.props, path: scope.path }, opts: args.opts };
        return undefined;
    };
}
