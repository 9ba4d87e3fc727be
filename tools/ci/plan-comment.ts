/**
 * `node tools/ci/plan-comment.ts <pull request number> <body file>`: posts the offline plan as a
 * pull-request comment, or updates the one posted before. The comment is found by the marker
 * its body starts with, never as "the last comment": pulumi/actions posts its preview under the
 * same token, and that comment must be left alone. Uses GitHub's REST API at GITHUB_API_URL
 * (set by Actions) with GH_TOKEN, for the repository GITHUB_REPOSITORY. Runs on Node.js 24
 * without dependencies (type stripping), before or without `npm ci`.
 */
import * as fs from "node:fs";
import { pathToFileURL } from "node:url";

export const PLAN_MARKER = "<!-- eks-platform offline plan -->";

export interface GitHubContext {
    /** e.g. https://api.github.com */
    readonly apiUrl: string;
    /** owner/name */
    readonly repository: string;
    readonly token: string;
}

interface IssueComment {
    readonly id: number;
    readonly body?: string;
}

async function github(ctx: GitHubContext, method: string, route: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${ctx.apiUrl}${route}`, {
        method,
        headers: {
            Accept: "application/vnd.github+json",
            Authorization: `Bearer ${ctx.token}`,
            "X-GitHub-Api-Version": "2022-11-28",
            ...(body === undefined ? {} : { "Content-Type": "application/json" }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`${method} ${route}: GitHub answered ${response.status} ${await response.text()}`);
    return response.json();
}

/** The plan comment of the pull request: the first whose body starts with the marker. */
export async function findPlanComment(ctx: GitHubContext, pr: number): Promise<IssueComment | undefined> {
    for (let page = 1; ; page++) {
        const comments = (await github(ctx, "GET", `/repos/${ctx.repository}/issues/${pr}/comments?per_page=100&page=${page}`)) as IssueComment[];
        const found = comments.find((c) => c.body?.trimStart().startsWith(PLAN_MARKER));
        if (found || comments.length < 100) return found;
    }
}

/** Updates the plan comment in place, or creates it; returns what it did and the comment id. */
export async function upsertPlanComment(ctx: GitHubContext, pr: number, text: string): Promise<{ action: "updated" | "created"; id: number }> {
    const body = text.trimStart().startsWith(PLAN_MARKER) ? text : `${PLAN_MARKER}\n${text}`;
    const existing = await findPlanComment(ctx, pr);
    if (existing) {
        await github(ctx, "PATCH", `/repos/${ctx.repository}/issues/comments/${existing.id}`, { body });
        return { action: "updated", id: existing.id };
    }
    const created = (await github(ctx, "POST", `/repos/${ctx.repository}/issues/${pr}/comments`, { body })) as IssueComment;
    return { action: "created", id: created.id };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
    const [prText, file] = process.argv.slice(2);
    const env = process.env;
    const pr = Number(prText);
    if (!Number.isInteger(pr) || pr <= 0 || !file || !env["GITHUB_REPOSITORY"] || !(env["GH_TOKEN"] ?? env["GITHUB_TOKEN"])) {
        process.stderr.write("usage: GITHUB_REPOSITORY=<owner/name> GH_TOKEN=<token> node tools/ci/plan-comment.ts <pull request number> <body file>\n");
        process.exitCode = 2;
    } else {
        const ctx = { apiUrl: env["GITHUB_API_URL"] ?? "https://api.github.com", repository: env["GITHUB_REPOSITORY"], token: (env["GH_TOKEN"] ?? env["GITHUB_TOKEN"])! };
        const result = await upsertPlanComment(ctx, pr, fs.readFileSync(file, "utf8"));
        process.stdout.write(`${result.action} the offline plan comment ${result.id} on #${pr}\n`);
    }
}
