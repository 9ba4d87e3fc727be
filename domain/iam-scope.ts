/**
 * Where the platform's IAM lives, shared by the platform program (which creates roles and
 * policies there) and the deployments program (whose deploy roles may write only there).
 *
 * - Every role and customer-managed policy of platform stack `<stack>` of project `<project>`
 *   has the IAM path `/<project>/<stack>/`: the deploy role's IAM writes are limited to it.
 * - Every role carries the stack's permissions boundary, a managed policy the deployments
 *   program creates under `/<project>-boundaries/`, outside that path, so a deploy role can
 *   neither edit nor delete the ceiling of the roles it creates.
 * - The deploy roles themselves live under `/<project>-deploy/`, also outside it, so a deploy
 *   role cannot change its own permissions.
 */

/** An IAM path: `/`-delimited, starting and ending with `/`. */
export function platformIamPath(project: string, stack: string): string {
    return `/${project}/${stack}/`;
}

/** The path of the permissions boundary policies. */
export function boundaryIamPath(project: string): string {
    return `/${project}-boundaries/`;
}

/** The path of the deploy roles. */
export function deployRoleIamPath(project: string): string {
    return `/${project}-deploy/`;
}

/** The name of the stack's permissions boundary policy. */
export function permissionsBoundaryName(project: string, stack: string): string {
    return `${project}-${stack}-boundary`;
}

export interface IamAccount {
    readonly partition: string;
    readonly accountId: string;
}

/** The ARN of the stack's permissions boundary (IAM ARNs carry the path). */
export function permissionsBoundaryArn(account: IamAccount, project: string, stack: string): string {
    return `arn:${account.partition}:iam::${account.accountId}:policy${boundaryIamPath(project)}${permissionsBoundaryName(project, stack)}`;
}

/** What every role (path and boundary) and every customer-managed policy (path) of a stack gets. */
export interface IamScope {
    /** `/<project>/<stack>/` */
    readonly path: string;
    /** ARN of the stack's permissions boundary policy. */
    readonly permissionsBoundary: string;
}

export function platformIamScope(account: IamAccount, project: string, stack: string): IamScope {
    return { path: platformIamPath(project, stack), permissionsBoundary: permissionsBoundaryArn(account, project, stack) };
}

/** `arn:<partition>:iam::<account>:role<path><name>`: IAM role ARNs include the path. */
export function roleArnPattern(account: IamAccount, path: string): string {
    return `arn:${account.partition}:iam::${account.accountId}:role${path}*`;
}

/** `arn:<partition>:iam::<account>:policy<path>*` */
export function policyArnPattern(account: IamAccount, path: string): string {
    return `arn:${account.partition}:iam::${account.accountId}:policy${path}*`;
}
