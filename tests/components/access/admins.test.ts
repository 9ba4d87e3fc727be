import { expect } from "chai";
import { callerProblem, principalMatches, resolvePrincipalRef } from "../../../domain/principals.js";
import { runStack, type StackRun } from "../../../engine/engine.js";
import { ConfigError } from "../../../stacks/config.js";
import { resources } from "../../helpers.js";

const ACCOUNT = "123456789012";
const DEPLOYMENTS = `arn:aws:iam::${ACCOUNT}:role/eks-platform-deploy/eks-platform-deploy-dev`;
const SSO = `arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_PlatformAdmin_0123456789abcdef`;
const BREAK_GLASS = `arn:aws:iam::${ACCOUNT}:role/platform-break-glass`;
const PREVIEW = `arn:aws:iam::${ACCOUNT}:role/github-preview`;
const STRANGER = `arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_ReadOnly_fedcba9876543210`;

/** Every access entry and association, as the engine receives them: what must not depend on the caller. */
function accessResources(run: StackRun) {
    return [...resources(run, "aws:eks/accessEntry:AccessEntry"), ...resources(run, "aws:eks/accessPolicyAssociation:AccessPolicyAssociation")]
        .map((r) => ({ type: r.type, name: r.name, inputs: r.plainInputs }))
        .sort((a, b) => `${a.type} ${a.name}`.localeCompare(`${b.type} ${b.name}`));
}

async function failure(run: Promise<unknown>): Promise<Error> {
    try {
        await run;
    } catch (err) {
        return err as Error;
    }
    throw new Error("expected the run to fail");
}

describe("cluster admins (cluster.admins) and who may run the program", () => {
    describe("as three different callers", () => {
        let runs: StackRun[];
        before(async () => {
            runs = [];
            for (const callerRoleArn of [DEPLOYMENTS, SSO, BREAK_GLASS]) runs.push(await runStack({ stack: "dev", callerRoleArn }));
        });

        it("each run is made by the caller asked for (the engine's session context gives the role with its path)", () => {
            expect(runs.map((r) => r.callerRoleArn)).to.deep.equal([DEPLOYMENTS, SSO, BREAK_GLASS]);
        });

        it("declares identical access entries and associations, whoever runs", () => {
            const [first, ...rest] = runs.map(accessResources);
            expect(first).to.have.length.above(6);
            for (const other of rest) expect(other).to.deep.equal(first);
        });

        it("offline, gives the external ID the stack file does not hold a placeholder it reports", () => {
            expect(runs[0]!.placeholderSecrets.map((p) => p.key)).to.deep.equal(["integrationExternalIds.satellite-vendor"]);
        });

        it("gives exactly the listed admins cluster admin, with Identity Center's path kept", () => {
            const admins = resources(runs[0]!, "aws:eks/accessPolicyAssociation:AccessPolicyAssociation")
                .filter((a) => String(a.plainInputs["policyArn"]).endsWith("/AmazonEKSClusterAdminPolicy"))
                .map((a) => a.plainInputs["principalArn"]);
            expect(admins).to.deep.equal([DEPLOYMENTS, SSO, BREAK_GLASS]);
        });
    });

    it("stops an update by a caller that is not an admin, naming the key and the caller's role", async () => {
        const err = await failure(runStack({ stack: "dev", callerRoleArn: STRANGER }));
        expect(err.name).to.equal("ConfigError");
        expect((err as ConfigError).problems).to.have.length(1);
        expect((err as ConfigError).problems[0]!.key).to.equal("cluster.admins");
        expect(err.message).to.contain(`the caller ${STRANGER} is not in the list, so it may not run this update`);
    });

    describe("the read-only preview role (cluster.previewRole)", () => {
        const withPreviewRole = {
            "eks-platform:cluster": {
                admins: ["role/eks-platform-deploy/eks-platform-deploy-dev", "role/platform-break-glass"],
                previewRole: "role/github-preview",
                endpoint: { publicAccessCidrs: ["203.0.113.0/24"] },
            },
        };

        it("may preview, and gets a view-only access entry at cluster scope", async () => {
            const run = await runStack({ stack: "dev", preview: true, callerRoleArn: PREVIEW, configOverrides: withPreviewRole });
            const views = resources(run, "aws:eks/accessPolicyAssociation:AccessPolicyAssociation").filter((a) => a.plainInputs["principalArn"] === PREVIEW);
            expect(views.map((a) => [a.name, a.plainInputs["policyArn"], a.plainInputs["accessScope"]])).to.deep.equal([
                [
                    "cluster-preview-role-123456789012-github-preview",
                    "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy",
                    { type: "cluster" },
                ],
            ]);
        });

        it("may not update", async () => {
            const err = await failure(runStack({ stack: "dev", callerRoleArn: PREVIEW, configOverrides: withPreviewRole }));
            expect(err.message).to.contain(`cluster.admins: the caller ${PREVIEW} is not in the list, so it may not run this update`);
        });
    });

    describe("pure helpers (domain/principals.ts)", () => {
        const account = { partition: "aws", accountId: ACCOUNT };

        it("resolves a role of the stack's account and keeps a full ARN as written", () => {
            expect(resolvePrincipalRef("role/eks-platform-deploy/eks-platform-deploy-dev", account)).to.equal(DEPLOYMENTS);
            expect(resolvePrincipalRef(SSO, account)).to.equal(SSO);
        });

        it("matches a reference to the principal and never to a same-named role under another path", () => {
            expect(principalMatches("role/platform-break-glass", BREAK_GLASS)).to.equal(true);
            expect(principalMatches("role/platform-break-glass", `arn:aws:iam::${ACCOUNT}:role/x/platform-break-glass`)).to.equal(false);
            expect(principalMatches(SSO, SSO)).to.equal(true);
            expect(principalMatches(`arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_PlatformAdmin_*`, SSO)).to.equal(true);
        });

        it("lets an admin update and preview, the preview role only preview, nobody else anything", () => {
            const check = { admins: [DEPLOYMENTS, SSO], previewRoleArn: PREVIEW };
            expect(callerProblem({ ...check, callerArn: SSO, preview: false })).to.equal(undefined);
            expect(callerProblem({ ...check, callerArn: PREVIEW, preview: true })).to.equal(undefined);
            expect(callerProblem({ ...check, callerArn: PREVIEW, preview: false })).to.match(/may not run this update/);
            expect(callerProblem({ ...check, callerArn: STRANGER, preview: true })).to.match(/may not run this preview \(only an admin or cluster.previewRole may\)/);
        });
    });
});

describe("secrets the stack file does not hold", () => {
    it("in a real run (no offline signal from the engine): one ConfigError naming the key and the command", async () => {
        const err = await failure(runStack({ stack: "dev", asRealRun: true }));
        expect(err.name).to.equal("ConfigError");
        expect((err as ConfigError).problems).to.deep.equal([
            {
                key: "integrationExternalIds.satellite-vendor",
                message:
                    "integration \"satellite-vendor\" has no external ID; run `pulumi config set --secret --path 'integrationExternalIds.satellite-vendor' <the external ID the vendor gave you> --stack dev`",
            },
        ]);
    });
});
