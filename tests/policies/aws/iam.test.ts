import { expect } from "chai";
import { awsIamIrsaTrustScoped } from "../../../policies/aws/rules/iam/irsa-trust-scoped.js";
import { awsIamNoAdministratorAccess } from "../../../policies/aws/rules/iam/no-administrator-access.js";
import { awsIamNoIamWildcard } from "../../../policies/aws/rules/iam/no-iam-wildcard.js";
import { awsIamNoWildcardActions } from "../../../policies/aws/rules/iam/no-wildcard-actions.js";
import { awsIamPodIdentityRoleSingleServiceAccount } from "../../../policies/aws/rules/iam/pod-identity-role-single-service-account.js";
import { awsIamTrustRequireExternalId } from "../../../policies/aws/rules/iam/trust-require-external-id.js";
import { fixture, previewMessage, stackFindings, UNKNOWN, urnOf, violations } from "../helpers.js";

const doc = (...Statement: object[]) => JSON.stringify({ Version: "2012-10-17", Statement });
const ROLE = "aws:iam/role:Role";
const ISSUER = "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";

describe("IAM permission rules", () => {
    const writeLogs = { Sid: "Logs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: "*" };

    it("pass scoped policies as RolePolicy, Policy and Role inline policies", async () => {
        for (const rule of [awsIamNoWildcardActions, awsIamNoIamWildcard]) {
            expect(await violations(rule, "aws:iam/rolePolicy:RolePolicy", { role: "r", policy: doc(writeLogs) })).to.deep.equal([]);
            expect(await violations(rule, "aws:iam/policy:Policy", { policy: JSON.parse(doc(writeLogs)) })).to.deep.equal([]);
            expect(await violations(rule, ROLE, { assumeRolePolicy: "{}", inlinePolicies: [{ name: "logs", policy: doc(writeLogs) }] })).to.deep.equal([]);
        }
    });

    it("aws-iam-no-wildcard-actions rejects * and *:* and Allow with NotAction", async () => {
        expect(await violations(awsIamNoWildcardActions, "aws:iam/rolePolicy:RolePolicy", { policy: doc({ ...writeLogs, Action: "*" }) })).to.deep.equal([
            "the policy, statement Logs, allows every action: list the actions the workload needs (service:Action).",
        ]);
        expect(await violations(awsIamNoWildcardActions, ROLE, { inlinePolicies: [{ name: "admin", policy: doc({ Effect: "Allow", Action: ["s3:GetObject", "*:*"], Resource: "*" }) }] })).to.deep.equal([
            "inline policy admin, statement 0, allows every action: list the actions the workload needs (service:Action).",
        ]);
        expect(await violations(awsIamNoWildcardActions, "aws:iam/policy:Policy", { policy: doc({ Effect: "Allow", NotAction: "iam:*", Resource: "*" }) })).to.deep.equal([
            "the policy, statement 0, allows everything except iam:* (NotAction): list the allowed actions instead.",
        ]);
        expect(await violations(awsIamNoWildcardActions, "aws:iam/policy:Policy", { policy: doc({ Effect: "Deny", Action: "*", Resource: "*" }) })).to.deep.equal([]);
    });

    it("aws-iam-no-iam-wildcard rejects iam:* in any case", async () => {
        expect(await violations(awsIamNoIamWildcard, "aws:iam/policy:Policy", { policy: doc({ Sid: "Iam", Effect: "Allow", Action: ["IAM:*"], Resource: "*" }) })).to.deep.equal([
            "the policy, statement Iam, allows iam:*: list the IAM actions needed (e.g. iam:PassRole on one role ARN).",
        ]);
    });

    it("reports a policy document that is not JSON instead of crashing", async () => {
        expect(await violations(awsIamNoWildcardActions, "aws:iam/policy:Policy", { policy: "{not json" })).to.have.length(1);
        expect((await violations(awsIamNoWildcardActions, "aws:iam/policy:Policy", { policy: "{not json" }))[0]).to.match(/^the policy is not valid JSON \(.*\): build it as an aws.iam.PolicyDocument/);
    });

    it("cannot read a policy built from outputs during preview and says so", async () => {
        expect(await violations(awsIamNoWildcardActions, "aws:iam/rolePolicy:RolePolicy", { policy: UNKNOWN })).to.deep.equal([previewMessage(awsIamNoWildcardActions, "policy")]);
    });

    it("aws-iam-no-administrator-access rejects the managed policy in attachments and managedPolicyArns", async () => {
        const expected = ["AdministratorAccess is attached: attach a policy that lists the actions and resources needed instead."];
        expect(await violations(awsIamNoAdministratorAccess, "aws:iam/rolePolicyAttachment:RolePolicyAttachment", { role: "r", policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" })).to.deep.equal(expected);
        expect(await violations(awsIamNoAdministratorAccess, ROLE, { managedPolicyArns: ["arn:aws-us-gov:iam::aws:policy/AdministratorAccess"] })).to.deep.equal(expected);
        expect(await violations(awsIamNoAdministratorAccess, "aws:iam/rolePolicyAttachment:RolePolicyAttachment", { role: "r", policyArn: "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy" })).to.deep.equal([]);
    });
});

describe("aws-iam-trust-require-external-id", () => {
    const rule = awsIamTrustRequireExternalId;
    const thirdParty = { Sid: "Vendor", Effect: "Allow", Principal: { AWS: "arn:aws:iam::210987654321:root" }, Action: "sts:AssumeRole" };

    it("passes a third party with an external ID, services, and internal accounts", async () => {
        const withId = { ...thirdParty, Condition: { StringEquals: { "sts:ExternalId": "vendor-issued-id" } } };
        expect(await violations(rule, ROLE, { assumeRolePolicy: doc(withId) })).to.deep.equal([]);
        expect(await violations(rule, ROLE, { assumeRolePolicy: doc({ Effect: "Allow", Principal: { Service: "pods.eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"] }) })).to.deep.equal([]);
        expect(await violations(rule, ROLE, { assumeRolePolicy: doc(thirdParty) }, { internalAccountIds: ["210987654321"] })).to.deep.equal([]);
    });

    it("rejects another account's principal without an external ID", async () => {
        expect(await violations(rule, ROLE, { assumeRolePolicy: doc(thirdParty) })).to.deep.equal([
            'Trust statement Vendor lets arn:aws:iam::210987654321:root assume the role without an external ID: add Condition StringEquals { "sts:ExternalId": <the id the third party gave you> } (or list the account in internalAccountIds if it is ours).',
        ]);
    });

    it("rejects a role any AWS account may assume", async () => {
        expect(await violations(rule, ROLE, { assumeRolePolicy: doc({ ...thirdParty, Principal: "*" }) })).to.have.length(1);
    });
});

describe("aws-iam-irsa-trust-scoped", () => {
    const rule = awsIamIrsaTrustScoped;
    const irsa = {
        Sid: "Irsa",
        Effect: "Allow",
        Principal: { Federated: `arn:aws:iam::123456789012:oidc-provider/${ISSUER}` },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: { StringEquals: { [`${ISSUER}:sub`]: "system:serviceaccount:kube-system:karpenter", [`${ISSUER}:aud`]: "sts.amazonaws.com" } },
    };

    it("passes a trust pinned to one service account and the STS audience, and ignores non-OIDC trusts", async () => {
        expect(await violations(rule, ROLE, { assumeRolePolicy: doc(irsa) })).to.deep.equal([]);
        expect(await violations(rule, ROLE, { assumeRolePolicy: doc({ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }) })).to.deep.equal([]);
    });

    it("rejects a wildcard subject", async () => {
        const loose = { ...irsa, Condition: { StringLike: { [`${ISSUER}:sub`]: "system:serviceaccount:kube-system:*" }, StringEquals: { [`${ISSUER}:aud`]: "sts.amazonaws.com" } } };
        expect(await violations(rule, ROLE, { assumeRolePolicy: doc(loose) })).to.deep.equal([
            "Trust statement Irsa matches service accounts with StringLike system:serviceaccount:kube-system:*: use StringEquals with one system:serviceaccount:<namespace>:<name>.",
        ]);
    });

    it("rejects a trust without subject or audience checks", async () => {
        expect(await violations(rule, ROLE, { assumeRolePolicy: doc({ ...irsa, Condition: undefined }) })).to.deep.equal([
            'Trust statement Irsa does not pin one service account (sub is unchecked): add StringEquals { "<issuer>:sub": "system:serviceaccount:<namespace>:<name>" }.',
            'Trust statement Irsa does not check the audience: add StringEquals { "<issuer>:aud": "sts.amazonaws.com" }.',
        ]);
    });
});

describe("aws-iam-pod-identity-role-single-service-account", () => {
    const rule = awsIamPodIdentityRoleSingleServiceAccount;
    const role = fixture(ROLE, { assumeRolePolicy: "{}" }, { name: "karpenter-controller" });
    const association = (name: string, namespace: string, serviceAccount: string) =>
        fixture("aws:eks/podIdentityAssociation:PodIdentityAssociation", { clusterName: "eks-prod", namespace, serviceAccount, roleArn: UNKNOWN }, { name, propertyDependencies: { roleArn: [role.urn] } });

    it("passes a role used by one service account (twice is still one)", async () => {
        expect(await stackFindings(rule, [role, association("a", "kube-system", "karpenter"), association("b", "kube-system", "karpenter")])).to.deep.equal([]);
    });

    it("reports a role shared by two service accounts, counting add-on associations", async () => {
        const addon = fixture(
            "aws:eks/addon:Addon",
            { addonName: "aws-ebs-csi-driver", podIdentityAssociations: [{ serviceAccount: "ebs-csi-controller-sa", roleArn: UNKNOWN }] },
            { name: "ebs", propertyDependencies: { podIdentityAssociations: [role.urn] } },
        );
        const found = await stackFindings(rule, [role, association("a", "kube-system", "karpenter"), addon]);
        expect(found.map((f) => [f.urn, f.message])).to.deep.equal([
            [
                urnOf(ROLE, "karpenter-controller"),
                "Role karpenter-controller is associated with 2 service accounts (kube-system/ebs-csi-controller-sa, kube-system/karpenter): give each service account its own role with only the permissions it needs.",
            ],
        ]);
    });
});
