import { expect } from "chai";
import type { AwsContext } from "../../../components/aws-context.js";
import {
    CONTROLLER_POLICY_NAMES,
    controllerPolicies,
    interruptionQueuePolicy,
    KARPENTER_NODE_POLICIES,
} from "../../../components/karpenter/controller-policies.js";
import { eventPattern, INTERRUPTION_RULES, INTERRUPTION_TARGET_ID } from "../../../components/karpenter/interruption-rules.js";
import { INTERRUPTION_QUEUE_RETENTION_SECONDS } from "../../../components/karpenter/karpenter-aws.js";
import { boundedName, interruptionQueueName, nodeRoleName } from "../../../components/karpenter/names.js";
import { referenceControllerPolicies, referenceNodePolicies, referenceQueue, referenceRules } from "./reference.js";

const ctx: AwsContext = { accountId: "111122223333", partition: "aws", region: "eu-west-1", dnsSuffix: "amazonaws.com" };
const NODE_ROLE_ARN = "arn:aws:iam::111122223333:role/KarpenterNode-eks-prod-eu-west-1";
const QUEUE_ARN = "arn:aws:sqs:eu-west-1:111122223333:eks-prod-karpenter";
const subs = {
    "AWS::Partition": ctx.partition,
    "AWS::Region": ctx.region,
    "AWS::AccountId": ctx.accountId,
    "AWS::URLSuffix": ctx.dnsSuffix,
    ClusterName: "eks-prod",
    "KarpenterNodeRole.Arn": NODE_ROLE_ARN,
    "KarpenterInterruptionQueue.Arn": QUEUE_ARN,
};
const ours = controllerPolicies({ aws: ctx, clusterName: "eks-prod", nodeRoleArn: NODE_ROLE_ARN, queueArn: QUEUE_ARN });
/** What IAM receives: the documents as JSON. */
const asJson = (value: unknown) => JSON.parse(JSON.stringify(value));

describe("Karpenter AWS side against the Karpenter 1.14 reference template", () => {
    it("has exactly upstream's six controller policies", () => {
        expect(Object.keys(referenceControllerPolicies(subs)).sort()).to.deep.equal([...CONTROLLER_POLICY_NAMES].sort());
    });

    for (const name of CONTROLLER_POLICY_NAMES) {
        it(`${name}: every statement, action, resource and condition is upstream's`, () => {
            expect(asJson(ours[name])).to.deep.equal(referenceControllerPolicies(subs)[name]);
        });
    }

    it("grants these actions and no others (pinned list, 1.14)", () => {
        const actions = (doc: any) =>
            doc.Statement.flatMap((s: any) => (Array.isArray(s.Action) ? s.Action : [s.Action])) as string[];
        const byPolicy = Object.fromEntries(CONTROLLER_POLICY_NAMES.map((n) => [n, [...new Set(actions(asJson(ours[n])))].sort()]));
        expect(byPolicy).to.deep.equal({
            NodeLifecycle: ["ec2:CreateFleet", "ec2:CreateLaunchTemplate", "ec2:CreateTags", "ec2:DeleteLaunchTemplate", "ec2:RunInstances", "ec2:TerminateInstances"],
            IAMIntegration: [
                "iam:AddRoleToInstanceProfile",
                "iam:CreateInstanceProfile",
                "iam:DeleteInstanceProfile",
                "iam:PassRole",
                "iam:RemoveRoleFromInstanceProfile",
                "iam:TagInstanceProfile",
            ],
            EKSIntegration: ["eks:DescribeCluster"],
            Interruption: ["sqs:DeleteMessage", "sqs:GetQueueUrl", "sqs:ReceiveMessage"],
            ZonalShift: ["arc-zonal-shift:GetManagedResource"],
            ResourceDiscovery: [
                "ec2:DescribeCapacityReservations",
                "ec2:DescribeImages",
                "ec2:DescribeInstanceStatus",
                "ec2:DescribeInstanceTypeOfferings",
                "ec2:DescribeInstanceTypes",
                "ec2:DescribeInstances",
                "ec2:DescribeLaunchTemplates",
                "ec2:DescribePlacementGroups",
                "ec2:DescribeSecurityGroups",
                "ec2:DescribeSpotPriceHistory",
                "ec2:DescribeSubnets",
                "iam:GetInstanceProfile",
                "iam:ListInstanceProfiles",
                "pricing:GetProducts",
                "ssm:GetParameter",
            ],
        });
    });

    it("scopes launches, tagging and deletion to this cluster's tag in the ARN partition and region", () => {
        const lifecycle = asJson(ours.NodeLifecycle);
        const deletion = lifecycle.Statement.find((s: any) => s.Sid === "AllowScopedDeletion");
        expect(deletion.Condition.StringEquals).to.deep.equal({ "aws:ResourceTag/kubernetes.io/cluster/eks-prod": "owned" });
        expect(deletion.Resource).to.deep.equal(["arn:aws:ec2:eu-west-1:*:instance/*", "arn:aws:ec2:eu-west-1:*:launch-template/*"]);
        const china = controllerPolicies({ aws: { ...ctx, partition: "aws-cn", region: "cn-north-1" }, clusterName: "c", nodeRoleArn: "r", queueArn: "q" });
        expect(JSON.stringify(china)).to.not.match(/arn:aws:/);
    });

    it("the node role has upstream's policies, ECR PullOnly included, less the CNI policy the VPC CNI's own role holds", () => {
        const upstream = referenceNodePolicies(subs);
        expect(upstream).to.include("AmazonEC2ContainerRegistryPullOnly");
        expect(upstream).to.include("AmazonEKS_CNI_Policy");
        expect([...KARPENTER_NODE_POLICIES].sort()).to.deep.equal(upstream.filter((p) => p !== "AmazonEKS_CNI_Policy").sort());
    });

    it("keeps interruption messages 5 minutes, encrypted with SQS-managed keys", () => {
        const { properties } = referenceQueue(subs);
        expect(properties).to.include({ MessageRetentionPeriod: INTERRUPTION_QUEUE_RETENTION_SECONDS, SqsManagedSseEnabled: true });
        expect(INTERRUPTION_QUEUE_RETENTION_SECONDS).to.equal(300);
    });

    it("the queue policy narrows upstream's: only this program's EventBridge rules may send; plain HTTP is refused", () => {
        const { policy } = referenceQueue(subs);
        const ruleArns = ["arn:aws:events:eu-west-1:111122223333:rule/a", "arn:aws:events:eu-west-1:111122223333:rule/b"];
        const doc = asJson(interruptionQueuePolicy(QUEUE_ARN, ruleArns));
        expect(doc.Id).to.equal(policy.Id);
        // Upstream: events and sqs may send with no condition at all.
        expect(policy.Statement[0]).to.deep.equal({
            Effect: "Allow",
            Principal: { Service: ["events.amazonaws.com", "sqs.amazonaws.com"] },
            Action: "sqs:SendMessage",
            Resource: QUEUE_ARN,
        });
        expect(doc.Statement[0]).to.deep.equal({
            Sid: "OwnInterruptionRulesOnly",
            Effect: "Allow",
            Principal: { Service: "events.amazonaws.com" },
            Action: "sqs:SendMessage",
            Resource: QUEUE_ARN,
            Condition: { ArnEquals: { "aws:SourceArn": ruleArns } },
        });
        // CloudFormation sends the YAML boolean as the string IAM stores; ours writes the string.
        const deny = JSON.parse(JSON.stringify(policy.Statement[1]).replace('"aws:SecureTransport":false', '"aws:SecureTransport":"false"'));
        expect(doc.Statement[1]).to.deep.equal(deny);
        expect(doc.Statement).to.have.length(2);
        expect(doc.Version).to.equal("2012-10-17");
    });

    it("wires every rule upstream wires, and only those, to the queue", () => {
        const upstream = referenceRules(subs);
        expect(upstream).to.have.length(5);
        expect(INTERRUPTION_RULES.map(eventPattern)).to.have.deep.members(upstream.map((r) => r.pattern));
        for (const rule of upstream) expect(rule.targets).to.deep.equal([{ Id: INTERRUPTION_TARGET_ID, Arn: QUEUE_ARN }]);
    });

    it("pins each rule's event pattern", () => {
        expect(Object.fromEntries(INTERRUPTION_RULES.map((r) => [r.id, eventPattern(r)]))).to.deep.equal({
            "scheduled-change": { source: ["aws.health"], "detail-type": ["AWS Health Event"] },
            "spot-interruption": { source: ["aws.ec2"], "detail-type": ["EC2 Spot Instance Interruption Warning"] },
            rebalance: { source: ["aws.ec2"], "detail-type": ["EC2 Instance Rebalance Recommendation"] },
            "instance-state-change": { source: ["aws.ec2"], "detail-type": ["EC2 Instance State-change Notification"] },
            "capacity-reservation-interruption": { source: ["aws.ec2"], "detail-type": ["EC2 Capacity Reservation Instance Interruption Warning"] },
        });
    });
});

describe("Karpenter resource names", () => {
    it("names the node role after cluster and region, within IAM's 64 characters", () => {
        expect(nodeRoleName("eks-prod", "eu-west-1")).to.equal("KarpenterNode-eks-prod-eu-west-1");
        const long = nodeRoleName("c".repeat(100), "ap-southeast-1");
        expect(long).to.have.length(64);
        expect(long).to.not.equal(nodeRoleName(`${"c".repeat(99)}d`, "ap-southeast-1"));
    });

    it("names the queue after the cluster, within SQS's 80 characters", () => {
        expect(interruptionQueueName("eks-dev")).to.equal("eks-dev-karpenter");
        expect(interruptionQueueName("q".repeat(100))).to.have.length(80);
        expect(boundedName("short", 80)).to.equal("short");
    });
});
