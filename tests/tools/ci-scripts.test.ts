/**
 * The scripts the workflows run, run as the workflows run them (`node tools/ci/<script>.ts`)
 * against a fake GitHub / Pulumi Cloud API on localhost that records every request.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { PROJECT_DIR } from "../../engine/engine.js";
import { PLAN_MARKER } from "../../tools/ci/plan-comment.js";
import { releaseRequest } from "../../tools/ci/deploy-release.js";

interface Recorded {
    readonly method: string;
    readonly url: string;
    readonly headers: http.IncomingHttpHeaders;
    readonly body: any;
}

/** A fake API: `answer` decides the response of each request; every request is recorded. */
async function fakeApi(answer: (req: Recorded) => { status?: number; body: unknown }): Promise<{ url: string; requests: Recorded[]; close: () => void }> {
    const requests: Recorded[] = [];
    const server = http.createServer((req, res) => {
        let text = "";
        req.on("data", (d) => (text += String(d)));
        req.on("end", () => {
            const recorded = { method: req.method!, url: req.url!, headers: req.headers, body: text ? JSON.parse(text) : undefined };
            requests.push(recorded);
            const { status, body } = answer(recorded);
            res.writeHead(status ?? 200, { "Content-Type": "application/json" });
            res.end(JSON.stringify(body));
        });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, close: () => server.close() };
}

function runScript(script: string, args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
        execFile(process.execPath, [path.join(PROJECT_DIR, "tools", "ci", script), ...args], { env: { PATH: process.env["PATH"] ?? "", ...env } }, (err, stdout, stderr) =>
            resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
        );
    });
}

describe("CI scripts against a fake API", function () {
    this.timeout(30_000);

    describe("tools/ci/plan-comment.ts (pull-request.yml)", () => {
        const bodyFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "plan-comment-")), "comment.md");
        fs.writeFileSync(bodyFile, `${PLAN_MARKER}\n## Plan of \`dev\`\n`);
        const env = (url: string) => ({ GITHUB_API_URL: url, GITHUB_REPOSITORY: "acme/eks-platform", GH_TOKEN: "t0ken" });

        it("updates the comment that starts with the marker, even when pulumi/actions commented last", async () => {
            const comments = [
                { id: 11, body: "LGTM" },
                { id: 12, body: `${PLAN_MARKER}\n## Plan of \`dev\` (old)` },
                { id: 13, body: "#### :tropical_drink: `preview` on acme/eks-platform/dev (pulumi/actions)" },
            ];
            const api = await fakeApi((req) => (req.method === "GET" ? { body: comments } : { body: { id: 12 } }));
            try {
                const result = await runScript("plan-comment.ts", ["42", bodyFile], env(api.url));
                expect(result.code, result.stderr).to.equal(0);
                expect(api.requests.map((r) => `${r.method} ${r.url}`)).to.deep.equal([
                    "GET /repos/acme/eks-platform/issues/42/comments?per_page=100&page=1",
                    "PATCH /repos/acme/eks-platform/issues/comments/12",
                ]);
                expect(api.requests[1]!.body).to.deep.equal({ body: `${PLAN_MARKER}\n## Plan of \`dev\`\n` });
                expect(api.requests[1]!.headers["authorization"]).to.equal("Bearer t0ken");
                expect(result.stdout).to.equal("updated the offline plan comment 12 on #42\n");
            } finally {
                api.close();
            }
        });

        it("creates the comment when no comment starts with the marker (one that only quotes it does not count)", async () => {
            const comments = [{ id: 21, body: `see the comment marked ${PLAN_MARKER}` }];
            const api = await fakeApi((req) => (req.method === "GET" ? { body: comments } : { status: 201, body: { id: 22 } }));
            try {
                const result = await runScript("plan-comment.ts", ["42", bodyFile], env(api.url));
                expect(result.code, result.stderr).to.equal(0);
                expect(api.requests.map((r) => `${r.method} ${r.url}`)).to.deep.equal([
                    "GET /repos/acme/eks-platform/issues/42/comments?per_page=100&page=1",
                    "POST /repos/acme/eks-platform/issues/42/comments",
                ]);
                expect(result.stdout).to.equal("created the offline plan comment 22 on #42\n");
            } finally {
                api.close();
            }
        });

        it("pages through long threads to find it", async () => {
            const page1 = Array.from({ length: 100 }, (_, i) => ({ id: i + 1, body: `comment ${i}` }));
            const api = await fakeApi((req) =>
                req.method === "GET" ? { body: req.url.endsWith("page=1") ? page1 : [{ id: 150, body: `${PLAN_MARKER}\nold` }] } : { body: { id: 150 } },
            );
            try {
                const result = await runScript("plan-comment.ts", ["7", bodyFile], env(api.url));
                expect(result.code, result.stderr).to.equal(0);
                expect(api.requests.map((r) => `${r.method} ${r.url}`).at(-1)).to.equal("PATCH /repos/acme/eks-platform/issues/comments/150");
            } finally {
                api.close();
            }
        });
    });

    describe("tools/ci/deploy-release.ts (release.yml)", () => {
        const SHA = "0123456789abcdef0123456789abcdef01234567";

        it("asks Pulumi Deployments to update prod at exactly the tagged commit (sourceContext.git.commit), inheriting the stack's settings", async () => {
            const api = await fakeApi(() => ({ status: 202, body: { id: "dep-1", consoleUrl: "https://app.pulumi.com/acme/eks-platform/prod/deployments/1" } }));
            try {
                const result = await runScript("deploy-release.ts", [], { PULUMI_ORG: "acme", PULUMI_ACCESS_TOKEN: "pul-token", GITHUB_SHA: SHA, PULUMI_API_URL: api.url });
                expect(result.code, result.stderr).to.equal(0);
                expect(api.requests).to.have.length(1);
                const [req] = api.requests;
                expect(`${req!.method} ${req!.url}`).to.equal("POST /api/stacks/acme/eks-platform/prod/deployments");
                expect(req!.headers["authorization"]).to.equal("token pul-token");
                expect(req!.headers["content-type"]).to.equal("application/json");
                expect(req!.body).to.deep.equal({ operation: "update", inheritSettings: true, sourceContext: { git: { commit: SHA } } });
                expect(result.stdout).to.contain(`deployment dep-1 of ${SHA} started`);
            } finally {
                api.close();
            }
        });

        it("fails clearly (exit 2, nothing sent) without PULUMI_ORG, instead of deploying a stack named /prod", async () => {
            const result = await runScript("deploy-release.ts", [], { PULUMI_ACCESS_TOKEN: "pul-token", GITHUB_SHA: SHA, PULUMI_API_URL: "http://127.0.0.1:9" });
            expect(result.code).to.equal(2);
            expect(result.stderr).to.contain("PULUMI_ORG is not set: add the repository variable PULUMI_ORG");
            expect(() => releaseRequest({ organization: "", token: "t", commit: SHA })).to.throw("PULUMI_ORG is not set");
        });

        it("refuses a ref that is not a full commit SHA (a tag or branch name is not a commit)", () => {
            expect(() => releaseRequest({ organization: "acme", token: "t", commit: "refs/tags/v1.2.3" })).to.throw('GITHUB_SHA "refs/tags/v1.2.3" is not a full commit SHA');
        });
    });
});
