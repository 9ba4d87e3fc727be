import * as path from "node:path";
import { listsDeploymentsRole } from "../../stacks/policy-config.js";
import { expect } from "chai";
import { DeploymentsConfigError, parseDeploymentsConfig } from "../../stacks/deployments/config.js";
import {
    deploymentPaths,
    deployRoleTrustPolicy,
    deploySubject,
    maxSessionSeconds,
    policyPackReferences,
} from "../../stacks/deployments/documents.js";
import { PROJECT_DIR, runStack, type StackRun } from "../../engine/engine.js";
import { jsonInput, resource, resources } from "../helpers.js";

const DEPLOYMENTS_DIR = path.join(PROJECT_DIR, "stacks", "deployments");
const NS = "eks-platform-deployments";

const raw = (values: Record<string, unknown>): Record<string, string> =>
    Object.fromEntries(Object.entries(values).map(([k, v]) => [`${NS}:${k}`, typeof v === "string" ? v : JSON.stringify(v)]));

const minimal = { organization: "acme", repository: "acme/eks-platform", stacks: { dev: { trigger: "push" }, prod: { trigger: "release" } } };

function problemsOf(values: Record<string, unknown>): string[] {
    try {
        parseDeploymentsConfig(raw(values));
    } catch (err) {
        expect(err).to.be.instanceOf(DeploymentsConfigError);
        return [...(err as DeploymentsConfigError).problems];
    }
    expect.fail("expected a DeploymentsConfigError");
}

describe("deployments program: pure pieces", () => {
    it("builds the Deployments token subject from organization, project, stack and operation", () => {
        expect(deploySubject("acme", "eks-platform", "prod", "update")).to.equal(
            "pulumi:deploy:org:acme:project:eks-platform:stack:prod:operation:update:scope:write",
        );
    });

    it("trusts only the Pulumi OIDC provider, the organization audience and this stack's subjects", () => {
        const doc = deployRoleTrustPolicy("arn:aws:iam::123456789012:oidc-provider/api.pulumi.com/oidc", "acme", "eks-platform", "prod", [
            "preview",
            "update",
        ]);
        expect(doc.Statement).to.deep.equal([
            {
                Effect: "Allow",
                Principal: { Federated: "arn:aws:iam::123456789012:oidc-provider/api.pulumi.com/oidc" },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: {
                    StringEquals: {
                        "api.pulumi.com/oidc:aud": "acme",
                        "api.pulumi.com/oidc:sub": [
                            "pulumi:deploy:org:acme:project:eks-platform:stack:prod:operation:preview:scope:write",
                            "pulumi:deploy:org:acme:project:eks-platform:stack:prod:operation:update:scope:write",
                        ],
                    },
                },
            },
        ]);
    });

    it("deploys a stack on changes to the program and its own stack file, not the other stack's", () => {
        const paths = deploymentPaths(".", "dev");
        expect(paths).to.include.members(["Pulumi.yaml", "Pulumi.dev.yaml", "index.ts", "components/**", "package-lock.json"]);
        expect(paths).to.not.include("Pulumi.prod.yaml");
        expect(paths.some((p) => p.startsWith("tests") || p.startsWith("tools") || p.startsWith("stacks/deployments"))).to.equal(false);
        expect(deploymentPaths("infra/", "dev")[0]).to.equal("infra/Pulumi.yaml");
    });

    it("gives roles a session limit between one and twelve hours", () => {
        expect(maxSessionSeconds("1h")).to.equal(3600);
        expect(maxSessionSeconds("2h30m")).to.equal(9000);
        expect(maxSessionSeconds("15m")).to.equal(3600);
        expect(maxSessionSeconds("24h")).to.equal(43_200);
    });

    it("hands every pack the stack's policy config, or each its own when keyed by pack name", () => {
        const packs = [
            { name: "eks-platform-aws", version: "0.1.0" },
            { name: "eks-platform-kubernetes", version: "0.1.0" },
        ];
        expect(policyPackReferences(packs, { all: "mandatory" }).map((p) => p.config)).to.deep.equal([{ all: "mandatory" }, { all: "mandatory" }]);
        const keyed = policyPackReferences(packs, { "eks-platform-aws": { all: "advisory" } });
        expect(keyed.map((p) => p.config)).to.deep.equal([{ all: "advisory" }, {}]);
        expect(policyPackReferences(packs, undefined)[1]).to.deep.equal({ name: "eks-platform-kubernetes", versionTag: "0.1.0", config: {} });
    });
});

describe("deployments program: config", () => {
    it("a pushed stack may be destroyed by its deployments; a released one may not, and is checked for drift every four hours", () => {
        const config = parseDeploymentsConfig(raw(minimal));
        const dev = config.stacks.find((s) => s.name === "dev")!;
        const prod = config.stacks.find((s) => s.name === "prod")!;
        expect(dev.operations).to.deep.equal(["preview", "update", "refresh", "destroy"]);
        expect(prod.operations).to.deep.equal(["preview", "update", "refresh"]);
        expect(prod.driftSchedule).to.equal("0 */4 * * *");
        expect(config.deployRoleManagedPolicies).to.deep.equal([]);
        expect(config.branch).to.equal("main");
    });

    it("lets a stack override its drift schedule and operations", () => {
        const config = parseDeploymentsConfig(raw({ ...minimal, stacks: { prod: { trigger: "release", driftSchedule: "0 * * * *", operations: ["preview"] } } }));
        expect(config.stacks[0]).to.deep.include({ name: "prod", driftSchedule: "0 * * * *", operations: ["preview"] });
    });

    it("names each bad key and what to write instead", () => {
        const problems = problemsOf({ organization: "acme", repository: "eks-platform", stacks: { dev: { trigger: "nightly" } }, colour: "blue" });
        expect(problems).to.have.length(3);
        expect(problems.find((p) => p.startsWith("repository:"))).to.include("owner/name");
        expect(problems.find((p) => p.startsWith("stacks.dev.trigger:"))).to.exist;
        expect(problems.find((p) => p.startsWith("colour:"))).to.include("not a known key");
    });

    it("requires at least one stack and the organization", () => {
        const problems = problemsOf({ repository: "acme/eks-platform", stacks: {} });
        expect(problems.some((p) => p.startsWith("organization:"))).to.equal(true);
        expect(problems.some((p) => p.startsWith("stacks:") && p.includes("at least one"))).to.equal(true);
    });
});

describe("a platform stack's Pulumi Deployments role in its cluster.admins", () => {
    it("is found relative to the account or as a full ARN, and its absence is caught", () => {
        expect(listsDeploymentsRole(["role/eks-platform-deploy/eks-platform-deploy-dev", "role/platform-break-glass"], "dev")).to.equal(true);
        expect(listsDeploymentsRole(["arn:aws:iam::123456789012:role/eks-platform-deploy/eks-platform-deploy-dev"], "dev")).to.equal(true);
        expect(listsDeploymentsRole(["role/eks-platform-deploy/eks-platform-deploy-prod"], "dev")).to.equal(false);
        expect(listsDeploymentsRole(["arn:aws:iam::123456789012:role/x/eks-platform-deploy-dev"], "dev")).to.equal(false);
    });

    it("a stack the settings name without a Pulumi.<stack>.yaml is a config error", async () => {
        try {
            await runStack({ stack: "settings", projectDir: DEPLOYMENTS_DIR, configOverrides: { stacks: { staging: { trigger: "push" } } } });
            expect.fail("expected the run to fail");
        } catch (err) {
            expect((err as Error).message).to.contain("stacks.staging: there is no Pulumi.staging.yaml");
        }
    });
});

describe("deployments program under the mock engine", () => {
    let run: StackRun;
    let existingProvider: StackRun;
    before(async () => {
        run = await runStack({ stack: "settings", projectDir: DEPLOYMENTS_DIR });
        existingProvider = await runStack({
            stack: "settings",
            projectDir: DEPLOYMENTS_DIR,
            configOverrides: { oidcProviderArn: "arn:aws:iam::123456789012:oidc-provider/api.pulumi.com/oidc" },
        });
    });

    const settings = (r: StackRun, stack: string) => resource(r, "pulumiservice:index:DeploymentSettings", `${stack}-settings`).plainInputs as any;

    it("registers Pulumi Cloud as an OIDC provider whose audience is the organization", () => {
        const provider = resource(run, "aws:iam/openIdConnectProvider:OpenIdConnectProvider");
        expect(provider.plainInputs["url"]).to.equal("https://api.pulumi.com/oidc");
        expect(provider.plainInputs["clientIdLists"]).to.deep.equal(["acme-platform"]);
    });

    it("gives each platform stack a role only its own deployments can assume", () => {
        for (const stack of ["dev", "prod"]) {
            const trust = jsonInput(resource(run, "aws:iam/role:Role", `deploy-${stack}`), "assumeRolePolicy");
            const statement = trust.Statement[0];
            expect(statement.Action).to.equal("sts:AssumeRoleWithWebIdentity");
            expect(statement.Principal.Federated).to.match(/:open-id-connect-provider\/deploy-pulumi-oidc/);
            expect(statement.Condition.StringEquals["api.pulumi.com/oidc:aud"]).to.equal("acme-platform");
            const subjects: string[] = statement.Condition.StringEquals["api.pulumi.com/oidc:sub"];
            expect(subjects.every((s) => s.startsWith(`pulumi:deploy:org:acme-platform:project:eks-platform:stack:${stack}:operation:`))).to.equal(true);
        }
        const prodSubjects: string[] = jsonInput(resource(run, "aws:iam/role:Role", "deploy-prod"), "assumeRolePolicy").Statement[0].Condition.StringEquals[
            "api.pulumi.com/oidc:sub"
        ];
        expect(prodSubjects.some((s) => s.includes(":operation:destroy:"))).to.equal(false);
    });

    it("gives the deploy roles their own two policies and no AWS managed policy, under a path of their own", () => {
        expect(resources(run, "aws:iam/rolePolicyAttachment:RolePolicyAttachment")).to.deep.equal([]);
        for (const stack of ["dev", "prod"]) {
            const role = resource(run, "aws:iam/role:Role", `deploy-${stack}`);
            expect(role.plainInputs["path"]).to.equal("/eks-platform-deploy/");
            for (const part of ["services", "iam"]) {
                const policy = resource(run, "aws:iam/rolePolicy:RolePolicy", `deploy-${stack}-${part}`);
                expect(policy.propertyDependencies["role"]).to.deep.equal([role.urn]);
            }
            const iam = jsonInput(resource(run, "aws:iam/rolePolicy:RolePolicy", `deploy-${stack}-iam`), "policy");
            expect(iam.Statement[0].Resource).to.equal(`arn:aws:iam::123456789012:role/eks-platform/${stack}/*`);
        }
    });

    it("creates each stack's permissions boundary outside every path a deploy role may write, before the role's IAM policy", () => {
        for (const stack of ["dev", "prod"]) {
            const boundary = resource(run, "aws:iam/policy:Policy", `deploy-${stack}-boundary`);
            expect(boundary.plainInputs).to.include({ name: `eks-platform-${stack}-boundary`, path: "/eks-platform-boundaries/" });
            expect(resource(run, "aws:iam/rolePolicy:RolePolicy", `deploy-${stack}-iam`).dependencies).to.include(boundary.urn);
        }
    });

    it("deploys dev on every push to main and prod only on request, both previewing pull requests", () => {
        expect(settings(run, "dev").github).to.deep.include({ repository: "acme-platform/eks-platform", deployCommits: true, previewPullRequests: true });
        expect(settings(run, "prod").github).to.deep.include({ deployCommits: false, previewPullRequests: true, pullRequestTemplate: false });
        expect(settings(run, "dev").sourceContext).to.deep.equal({ git: { branch: "refs/heads/main", repoDir: "." } });
        expect(settings(run, "dev").github.paths).to.include("Pulumi.dev.yaml").and.not.include("Pulumi.prod.yaml");
    });

    it("runs a stack on its own agent pool when one is given (a private endpoint needs a runner in the VPC)", async () => {
        const pooled = await runStack({
            stack: "settings",
            projectDir: DEPLOYMENTS_DIR,
            configOverrides: { stacks: { dev: { trigger: "push" }, prod: { trigger: "release", agentPoolId: "prod-vpc-agents" } } },
        });
        expect(settings(pooled, "prod").agentPoolId).to.equal("prod-vpc-agents");
        expect(settings(pooled, "dev")).to.not.have.property("agentPoolId");
        expect(problemsOf({ ...minimal, stacks: { prod: { trigger: "release", agentPoolId: "not a pool" } } })).to.deep.equal([
            "stacks.prod.agentPoolId: must be the id of a Pulumi Deployments agent pool",
        ]);
    });

    it("installs with npm ci and takes AWS credentials from the stack's own role through OIDC", () => {
        for (const stack of ["dev", "prod"]) {
            const ctx = settings(run, stack).operationContext;
            expect(ctx.preRunCommands).to.deep.equal(["npm ci"]);
            expect(ctx.options.skipInstallDependencies).to.equal(true);
            // The fixed path and name the platform stack lists in cluster.admins (domain/principals.ts).
            expect(ctx.oidc.aws.roleARN).to.equal(`arn:aws:iam::123456789012:role/eks-platform-deploy/eks-platform-deploy-${stack}`);
            expect(ctx.oidc.aws.sessionName).to.equal(`pulumi-${stack}-\${deployment.version}`);
            expect(ctx.oidc.aws.duration).to.equal("1h");
        }
    });

    it("checks drift on a schedule without remediating it, after the settings exist", () => {
        const drift = resource(run, "pulumiservice:index:DriftSchedule", "prod-drift");
        expect(drift.plainInputs).to.deep.include({ organization: "acme-platform", project: "eks-platform", stack: "prod", scheduleCron: "0 */4 * * *", autoRemediate: false });
        expect(drift.dependencies).to.include(resource(run, "pulumiservice:index:DeploymentSettings", "prod-settings").urn);
    });

    it("applies both policy packs to each stack through its own preventative policy group", () => {
        for (const stack of ["dev", "prod"]) {
            const group = resource(run, "pulumiservice:index:PolicyGroup", `${stack}-policies`).plainInputs as any;
            expect(group).to.deep.include({ name: `eks-platform-${stack}`, organizationName: "acme-platform", entityType: "stacks", mode: "preventative" });
            expect(group.stacks).to.deep.equal([{ name: stack, routingProject: "eks-platform" }]);
            expect(group.policyPacks.map((p: { name: string }) => p.name)).to.deep.equal(["eks-platform-aws", "eks-platform-kubernetes"]);
            // The admin allowlist is the stack's cluster.admins, the same list the program grants.
            const allowlist = group.policyPacks[0].config["aws-eks-cluster-admin-allowlist"];
            expect(allowlist.clusterAdminPrincipals).to.deep.equal([
                `role/eks-platform-deploy/eks-platform-deploy-${stack}`,
                "role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_PlatformAdmin_0123456789abcdef",
                "role/platform-break-glass",
            ]);
        }
    });

    it("reuses an existing Pulumi OIDC provider instead of creating a second one", () => {
        expect(resources(existingProvider, "aws:iam/openIdConnectProvider:OpenIdConnectProvider")).to.have.length(0);
        const trust = jsonInput(resource(existingProvider, "aws:iam/role:Role", "deploy-dev"), "assumeRolePolicy");
        expect(trust.Statement[0].Principal.Federated).to.equal("arn:aws:iam::123456789012:oidc-provider/api.pulumi.com/oidc");
    });
});
