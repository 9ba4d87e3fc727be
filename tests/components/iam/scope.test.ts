import { expect } from "chai";
import { iamScopeTransform, scopedPolicyArgs, scopedRoleArgs } from "../../../components/iam/scope.js";
import { deployRoleIamPath, permissionsBoundaryArn, platformIamPath, platformIamScope } from "../../../domain/iam-scope.js";

const account = { partition: "aws", accountId: "111122223333" };
const scope = platformIamScope(account, "eks-platform", "prod");

describe("IAM scope of the platform's roles and policies", () => {
    it("puts a stack's roles under /<project>/<stack>/ with a boundary kept outside every path a deploy role writes", () => {
        expect(scope).to.deep.equal({
            path: "/eks-platform/prod/",
            permissionsBoundary: "arn:aws:iam::111122223333:policy/eks-platform-boundaries/eks-platform-prod-boundary",
        });
        expect(permissionsBoundaryArn(account, "eks-platform", "prod").includes(platformIamPath("eks-platform", "prod"))).to.equal(false);
        expect(deployRoleIamPath("eks-platform").startsWith(platformIamPath("eks-platform", "prod"))).to.equal(false);
        // "dev" must not be a prefix path of "dev2": the trailing slash keeps them apart.
        expect(`${platformIamPath("eks-platform", "dev2")}x`.startsWith(platformIamPath("eks-platform", "dev"))).to.equal(false);
    });

    it("gives role and policy args the scope, or nothing when a component runs without one", () => {
        expect(scopedRoleArgs({ iam: scope })).to.deep.equal({ path: scope.path, permissionsBoundary: scope.permissionsBoundary });
        expect(scopedPolicyArgs({ iam: scope })).to.deep.equal({ path: scope.path });
        expect(scopedRoleArgs({})).to.deep.equal({});
    });

    it("scopes the roles and policies a remote component creates, and nothing else", async () => {
        const transform = iamScopeTransform(scope);
        const opts = {};
        const role = await transform({ type: "aws:iam/role:Role", name: "r", props: { assumeRolePolicy: "{}" }, opts, custom: true });
        expect(role?.props).to.deep.equal({ assumeRolePolicy: "{}", path: scope.path, permissionsBoundary: scope.permissionsBoundary });
        const policy = await transform({ type: "aws:iam/policy:Policy", name: "p", props: { policy: "{}" }, opts, custom: true });
        expect(policy?.props).to.deep.equal({ policy: "{}", path: scope.path });
        expect(await transform({ type: "aws:eks/cluster:Cluster", name: "c", props: {}, opts, custom: true })).to.equal(undefined);
        expect(await iamScopeTransform(undefined)({ type: "aws:iam/role:Role", name: "r", props: {}, opts, custom: true })).to.equal(undefined);
    });
});
