/**
 * IAM policy documents as rules read them: programs hand them over as JSON strings
 * (`pulumi.jsonStringify`) or as objects; both become a list of normalised statements.
 */

export interface Statement {
    readonly sid?: string;
    readonly effect: "Allow" | "Deny";
    /** Lower-cased, as IAM compares actions case-insensitively. */
    readonly actions: string[];
    readonly notActions: string[];
    readonly resources: string[];
    /** `*` for `Principal: "*"`; otherwise principal type -> values. */
    readonly principal: "*" | Record<string, string[]> | undefined;
    readonly condition: Record<string, Record<string, string[]>> | undefined;
}

/** Thrown when a document is not valid JSON or not shaped like a policy. */
export class PolicyDocumentError extends Error {
    override name = "PolicyDocumentError";
}

const list = (value: unknown): string[] => (value === undefined ? [] : Array.isArray(value) ? value.map(String) : [String(value)]);

export function parsePolicyDocument(document: unknown): Statement[] {
    let doc: unknown = document;
    if (typeof document === "string") {
        try {
            doc = JSON.parse(document);
        } catch (err) {
            throw new PolicyDocumentError(`is not valid JSON (${(err as Error).message})`);
        }
    }
    if (doc === null || typeof doc !== "object") throw new PolicyDocumentError("is not a policy document object");
    const raw = (doc as { Statement?: unknown }).Statement;
    const statements = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
    return statements.map((s: Record<string, unknown>) => ({
        sid: typeof s["Sid"] === "string" ? s["Sid"] : undefined,
        effect: s["Effect"] === "Deny" ? "Deny" : "Allow",
        actions: list(s["Action"]).map((a) => a.toLowerCase()),
        notActions: list(s["NotAction"]).map((a) => a.toLowerCase()),
        resources: list(s["Resource"]),
        principal: normalisePrincipal(s["Principal"]),
        condition: normaliseCondition(s["Condition"]),
    }));
}

function normalisePrincipal(value: unknown): Statement["principal"] {
    if (value === undefined) return undefined;
    if (value === "*") return "*";
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, list(v)]));
    }
    return { AWS: list(value) };
}

function normaliseCondition(value: unknown): Statement["condition"] {
    if (value === null || typeof value !== "object") return undefined;
    return Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([operator, block]) => [
            operator,
            Object.fromEntries(Object.entries((block ?? {}) as Record<string, unknown>).map(([key, v]) => [key, list(v)])),
        ]),
    );
}

/** True when the principal is everyone: `"*"` or `{AWS: "*"}`. */
export function isWildcardPrincipal(principal: Statement["principal"]): boolean {
    if (principal === "*") return true;
    return principal !== undefined && Object.values(principal).some((values) => values.includes("*"));
}

/** Values of a condition key under any operator whose name matches (e.g. StringEquals, StringLike). */
export function conditionValues(statement: Statement, operator: RegExp, key: string): string[] {
    const out: string[] = [];
    for (const [op, block] of Object.entries(statement.condition ?? {})) {
        if (!operator.test(op)) continue;
        for (const [k, values] of Object.entries(block)) {
            if (k.toLowerCase() === key.toLowerCase()) out.push(...values);
        }
    }
    return out;
}

/** The 12-digit account of an AWS principal (`123456789012`, `arn:aws:iam::123456789012:root`, ...). */
export function principalAccount(principal: string): string | undefined {
    if (/^\d{12}$/.test(principal)) return principal;
    return /^arn:aws[a-z-]*:(?:iam|sts)::(\d{12}):/.exec(principal)?.[1];
}

/** Identity-policy resources and where each keeps its document(s). */
export const IDENTITY_POLICY_TYPES = [
    "aws:iam/policy:Policy",
    "aws:iam/rolePolicy:RolePolicy",
    "aws:iam/userPolicy:UserPolicy",
    "aws:iam/groupPolicy:GroupPolicy",
    "aws:iam/role:Role",
] as const;

/** `[label, document]` pairs: a Role's inline policies, or the one `policy` of the others. Reads through the proxy. */
export function identityDocuments(type: string, props: Record<string, any>): [string, unknown][] {
    if (type === "aws:iam/role:Role") {
        const inline = Array.isArray(props["inlinePolicies"]) ? (props["inlinePolicies"] as Record<string, any>[]) : [];
        return inline.filter((p) => p["policy"] !== undefined).map((p, i) => [`inline policy ${String(p["name"] ?? i)}`, p["policy"]]);
    }
    return [["the policy", props["policy"]]];
}

/**
 * Calls `visit` for every statement of every identity policy of a resource, with the
 * statement's label (`<document>, statement <sid or index>`). A document that does not parse
 * is reported once, with how to build it instead.
 */
export function forEachIdentityStatement(
    type: string,
    props: Record<string, any>,
    report: (message: string) => void,
    visit: (statement: Statement, label: string) => void,
): void {
    for (const [label, document] of identityDocuments(type, props)) {
        try {
            parsePolicyDocument(document).forEach((s, i) => visit(s, `${label}, statement ${s.sid ?? i}`));
        } catch (err) {
            if (!(err instanceof PolicyDocumentError)) throw err;
            report(`${label} ${err.message}: build it as an aws.iam.PolicyDocument and serialise it with pulumi.jsonStringify.`);
        }
    }
}

/** Every resource type that holds an IAM document: identity, trust, key, queue and repository policies. */
export const DOCUMENT_TYPES = [
    ...IDENTITY_POLICY_TYPES,
    "aws:kms/key:Key",
    "aws:sqs/queuePolicy:QueuePolicy",
    "aws:ecr/repositoryPolicy:RepositoryPolicy",
] as const;

/** `[label, document]` pairs of a resource of DOCUMENT_TYPES: a role's trust policy comes first. Reads through the proxy. */
export function iamDocumentsOf(type: string, props: Record<string, any>): [string, unknown][] {
    if (type === "aws:iam/role:Role") {
        const docs = identityDocuments(type, props);
        return props["assumeRolePolicy"] === undefined ? docs : [["the trust policy", props["assumeRolePolicy"]], ...docs];
    }
    if (type === "aws:kms/key:Key") return props["policy"] === undefined ? [] : [["the key policy", props["policy"]]];
    return [["the policy", props["policy"]]];
}
