/**
 * Who may administer a cluster, written once (`cluster.admins`) and read by the program (one
 * access entry each, the caller check) and by the admin allowlist policy. Pure functions.
 *
 * An admin is written either as a full IAM ARN (any account, role paths included, e.g. an IAM
 * Identity Center role `arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_PlatformAdmin_0123456789abcdef`)
 * or relative to the stack's own account, `role/<path/>name` or `user/<name>`, which is how a
 * committed stack file names the Pulumi Deployments role without knowing the account.
 */
import { deployRoleIamPath } from "./iam-scope.js";

/** A full IAM role or user ARN, path allowed (access entries take the path: EKS user guide, "Create access entries"). */
export const IAM_PRINCIPAL_ARN = /^arn:(aws[a-z-]*):iam::(\d{12}):(role|user)\/([\w+=,.@\/-]+)$/;
/** A role or user in the stack's own account: `role/<path/>name` or `user/<path/>name`. */
export const ACCOUNT_PRINCIPAL = /^(role|user)\/([\w+=,.@-]+\/)*[\w+=,.@-]+$/;

/** True when `ref` is an admin as `cluster.admins` accepts it. */
export function isPrincipalRef(ref: string): boolean {
    return IAM_PRINCIPAL_ARN.test(ref) || ACCOUNT_PRINCIPAL.test(ref);
}

/** The full ARN of an admin reference in the given account. */
export function resolvePrincipalRef(ref: string, account: { readonly partition: string; readonly accountId: string }): string {
    return IAM_PRINCIPAL_ARN.test(ref) ? ref : `arn:${account.partition}:iam::${account.accountId}:${ref}`;
}

/**
 * True when `principalArn` is the principal `ref` names: a full ARN matches itself (a `*` in it
 * matches any run of characters, as the policy config has always allowed); an account-relative
 * reference matches that role or user in any account, since the policy engine does not know the
 * stack's account.
 */
export function principalMatches(ref: string, principalArn: string): boolean {
    const pattern = ref.startsWith("arn:") ? ref : `arn:*:iam::*:${ref}`;
    const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^:]*");
    return new RegExp(`^${escaped}$`).test(principalArn);
}

/**
 * The IAM role Pulumi Deployments assumes for a platform stack (`stacks/deployments` creates it
 * with exactly this name), so a stack file can list it before it exists.
 */
export function deploymentsRoleName(stack: string): string {
    return `eks-platform-deploy-${stack}`;
}

/** The platform's Pulumi project, whose deploy roles live under `deployRoleIamPath` (domain/iam-scope.ts). */
const PLATFORM_PROJECT = "eks-platform";

/** The Deployments role as a `cluster.admins` reference: `role/eks-platform-deploy/eks-platform-deploy-<stack>`. */
export function deploymentsRoleRef(stack: string): string {
    return `role${deployRoleIamPath(PLATFORM_PROJECT)}${deploymentsRoleName(stack)}`;
}

export interface CallerCheck {
    /** The IAM role or user behind the caller's session (`aws.iam.getSessionContext(...).issuerArn`). */
    readonly callerArn: string;
    /** `cluster.admins` as full ARNs. */
    readonly admins: readonly string[];
    /** `cluster.previewRole` as a full ARN. */
    readonly previewRoleArn?: string;
    /** True for `pulumi preview`, false for `pulumi up`. */
    readonly preview: boolean;
}

/**
 * Why the caller may not run this operation, or undefined. An update must be run by an admin:
 * anyone else would take over or lose the cluster's admin entries. The preview role may preview.
 */
export function callerProblem(check: CallerCheck): string | undefined {
    if (check.admins.includes(check.callerArn)) return undefined;
    if (check.preview && check.previewRoleArn === check.callerArn) return undefined;
    const operation = check.preview ? "preview" : "update";
    const allowed = check.preview && check.previewRoleArn ? "an admin or cluster.previewRole" : "an admin";
    return (
        `the caller ${check.callerArn} is not in the list, so it may not run this ${operation} (only ${allowed} may); ` +
        `run as one of ${check.admins.join(", ")}, or add the caller's role to cluster.admins in the stack file and deploy that as an admin`
    );
}
