/**
 * `node tools/ci/deploy-release.ts`: asks Pulumi Deployments to update the prod stack at exactly
 * the released commit. The Deployments REST API ("Create deployment",
 * POST /api/stacks/{organization}/{project}/{stack}/deployments) takes the commit in
 * `sourceContext.git.commit` (mutually exclusive with `branch`: a tag name sent as a branch is
 * not a branch); `inheritSettings` keeps the stack's own settings (OIDC role, npm ci, agent pool).
 * Env: PULUMI_ORG, PULUMI_ACCESS_TOKEN, GITHUB_SHA (set by Actions), PULUMI_API_URL
 * (default https://api.pulumi.com). Runs on Node.js 24 without dependencies (type stripping).
 */
import { pathToFileURL } from "node:url";

export const PLATFORM_PROJECT = "eks-platform";

export interface ReleaseInput {
    readonly organization: string | undefined;
    readonly token: string | undefined;
    readonly commit: string | undefined;
    /** @default prod */
    readonly stack?: string;
    /** @default https://api.pulumi.com */
    readonly apiUrl?: string;
}

export interface ReleaseRequest {
    readonly url: string;
    readonly headers: Record<string, string>;
    readonly body: { operation: "update"; inheritSettings: true; sourceContext: { git: { commit: string } } };
}

export class ReleaseConfigError extends Error {
    override name = "ReleaseConfigError";
}

/** The request that deploys `commit`; every missing input is named with where to set it. */
export function releaseRequest(input: ReleaseInput): ReleaseRequest {
    const problems: string[] = [];
    if (!input.organization) {
        problems.push("PULUMI_ORG is not set: add the repository variable PULUMI_ORG (Settings > Secrets and variables > Actions > Variables) with your Pulumi organization");
    } else if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(input.organization)) {
        problems.push(`PULUMI_ORG "${input.organization}" is not a Pulumi organization name`);
    }
    if (!input.token) problems.push("PULUMI_ACCESS_TOKEN is not set: add it as a secret of the GitHub environment production");
    if (!input.commit || !/^[0-9a-f]{40}$/.test(input.commit)) problems.push(`GITHUB_SHA "${input.commit ?? ""}" is not a full commit SHA`);
    if (problems.length > 0) throw new ReleaseConfigError(problems.join("\n"));
    const apiUrl = (input.apiUrl ?? "https://api.pulumi.com").replace(/\/+$/, "");
    return {
        url: `${apiUrl}/api/stacks/${input.organization}/${PLATFORM_PROJECT}/${input.stack ?? "prod"}/deployments`,
        headers: { Authorization: `token ${input.token}`, "Content-Type": "application/json", Accept: "application/json" },
        body: { operation: "update", inheritSettings: true, sourceContext: { git: { commit: input.commit! } } },
    };
}

/** Sends the request; returns the deployment's id and console URL as Pulumi Cloud answers them. */
export async function startRelease(request: ReleaseRequest): Promise<{ id?: string; consoleUrl?: string }> {
    const response = await fetch(request.url, { method: "POST", headers: request.headers, body: JSON.stringify(request.body) });
    const text = await response.text();
    if (!response.ok) throw new Error(`Pulumi Deployments answered ${response.status}: ${text}`);
    return JSON.parse(text) as { id?: string; consoleUrl?: string };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
    const env = process.env;
    try {
        const request = releaseRequest({ organization: env["PULUMI_ORG"], token: env["PULUMI_ACCESS_TOKEN"], commit: env["GITHUB_SHA"], apiUrl: env["PULUMI_API_URL"] });
        const started = await startRelease(request);
        process.stdout.write(`deployment ${started.id ?? "(no id)"} of ${request.body.sourceContext.git.commit} started: ${started.consoleUrl ?? request.url}\n`);
    } catch (err) {
        process.stderr.write(`::error::${(err as Error).message.split("\n").join("%0A")}\n`);
        process.exitCode = err instanceof ReleaseConfigError ? 2 : 1;
    }
}
