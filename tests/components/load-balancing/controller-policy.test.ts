import { expect } from "chai";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { loadBalancerControllerPolicy } from "../../../components/load-balancing/controller-policy.js";
import { AWS_LOAD_BALANCER_CONTROLLER_CHART } from "../../../domain/versions.js";

const REFERENCE = path.join(path.dirname(fileURLToPath(import.meta.url)), "reference", "iam_policy-v3.5.0.json");
const upstream = JSON.parse(readFileSync(REFERENCE, "utf8"));
/** What IAM receives: the document as JSON. */
const ours = (partition = "aws") => JSON.parse(JSON.stringify(loadBalancerControllerPolicy({ partition })));
const actions = (doc: any) => doc.Statement.flatMap((s: any) => (Array.isArray(s.Action) ? s.Action : [s.Action])) as string[];

describe("AWS Load Balancer Controller IAM policy against upstream's iam_policy.json (v3.5.0)", () => {
    it("is built for the chart version the reference file comes from", () => {
        expect(AWS_LOAD_BALANCER_CONTROLLER_CHART.version).to.equal("3.5.0");
    });

    it("has upstream's 16 statements, in order", () => {
        expect(ours().Statement).to.have.length(16);
        expect(upstream.Statement).to.have.length(16);
    });

    for (let i = 0; i < 16; i++) {
        it(`statement ${i + 1}: effect, actions, resources and conditions are upstream's`, () => {
            expect(ours().Statement[i]).to.deep.equal(upstream.Statement[i]);
        });
    }

    it("is upstream's document exactly", () => {
        expect(ours()).to.deep.equal(upstream);
    });

    it("grants these 80 actions and no others", () => {
        const granted = [...new Set(actions(ours()))].sort();
        expect(granted).to.have.length(80);
        expect(granted.filter((a) => !a.startsWith("ec2:") && !a.startsWith("elasticloadbalancing:"))).to.deep.equal([
            "acm:DescribeCertificate",
            "acm:ListCertificates",
            "cognito-idp:DescribeUserPoolClient",
            "iam:CreateServiceLinkedRole",
            "iam:GetServerCertificate",
            "iam:ListServerCertificates",
            "shield:CreateProtection",
            "shield:DeleteProtection",
            "shield:DescribeProtection",
            "shield:GetSubscriptionState",
            "waf-regional:AssociateWebACL",
            "waf-regional:DisassociateWebACL",
            "waf-regional:GetWebACL",
            "waf-regional:GetWebACLForResource",
            "wafv2:AssociateWebACL",
            "wafv2:DisassociateWebACL",
            "wafv2:GetWebACL",
            "wafv2:GetWebACLForResource",
        ]);
    });

    it("deletes and modifies only what carries the controller's elbv2.k8s.aws/cluster tag", () => {
        const destructive = ours().Statement.filter((s: any) =>
            actions({ Statement: [s] }).some((a) => ["elasticloadbalancing:DeleteLoadBalancer", "elasticloadbalancing:DeleteTargetGroup", "ec2:DeleteSecurityGroup"].includes(a)),
        );
        expect(destructive).to.have.length(2);
        for (const s of destructive) expect(s.Condition).to.deep.equal({ Null: { "aws:ResourceTag/elbv2.k8s.aws/cluster": "false" } });
    });

    it("may create service-linked roles for Elastic Load Balancing only", () => {
        expect(ours().Statement[0]).to.deep.equal({
            Effect: "Allow",
            Action: ["iam:CreateServiceLinkedRole"],
            Resource: "*",
            Condition: { StringEquals: { "iam:AWSServiceName": "elasticloadbalancing.amazonaws.com" } },
        });
    });

    it("writes the stack's partition into every ARN", () => {
        const arns = JSON.stringify(ours("aws-cn")).match(/"arn:[^"]*"/g) ?? [];
        expect(arns.length).to.be.greaterThan(0);
        for (const arn of arns) expect(arn).to.match(/^"arn:aws-cn:/);
    });

    it("fits an inline role policy (10,240 characters without whitespace)", () => {
        expect(JSON.stringify(ours()).length).to.be.lessThan(10_240);
    });
});
