import { expect } from "chai";
import { awsCloudwatchLogGroupRetention } from "../../../policies/aws/rules/cloudwatch/log-group-retention.js";
import { awsEc2EncryptVolumes } from "../../../policies/aws/rules/ec2/encrypt-volumes.js";
import { awsEc2LimitMetadataHopLimit } from "../../../policies/aws/rules/ec2/limit-metadata-hop-limit.js";
import { awsEc2NoPublicIp } from "../../../policies/aws/rules/ec2/no-public-ip.js";
import { awsEc2RequireImdsv2 } from "../../../policies/aws/rules/ec2/require-imdsv2.js";
import { awsEc2SecurityGroupNoPublicAdminIngress } from "../../../policies/aws/rules/ec2/security-group-no-public-admin-ingress.js";
import { awsEc2SecurityGroupRuleDescriptions } from "../../../policies/aws/rules/ec2/security-group-rule-descriptions.js";
import { awsVpcRequireFlowLogs } from "../../../policies/aws/rules/vpc/require-flow-logs.js";
import { fixture, mutate, stackFindings, UNKNOWN, urnOf, violations } from "../helpers.js";

const LT = "aws:ec2/launchTemplate:LaunchTemplate";
const NODE_CLASS = "kubernetes:karpenter.k8s.aws/v1:EC2NodeClass";

/** The system node group's launch template as the Cluster component builds it. */
const launchTemplate = {
    metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
    blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "true", volumeSize: 50, volumeType: "gp3" } }],
    networkInterfaces: [{ associatePublicIpAddress: "false", securityGroups: [UNKNOWN] }],
};

const nodeClass = {
    apiVersion: "karpenter.k8s.aws/v1",
    kind: "EC2NodeClass",
    metadata: { name: "default" },
    spec: {
        role: "KarpenterNodeRole-eks-prod",
        amiSelectorTerms: [{ alias: "al2023@v20260903" }],
        metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
        blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { volumeSize: "100Gi", volumeType: "gp3", encrypted: true } }],
    },
};

const instance = { ami: "ami-0123", metadataOptions: { httpTokens: "required" }, rootBlockDevice: { encrypted: true }, associatePublicIpAddress: false };

describe("EC2 node rules (launch templates, instances, EC2NodeClasses)", () => {
    const rules = [awsEc2RequireImdsv2, awsEc2LimitMetadataHopLimit, awsEc2EncryptVolumes, awsEc2NoPublicIp];

    it("pass the compliant launch template, instance and EC2NodeClass, and a NodeClass relying on Karpenter's defaults", async () => {
        const bare = mutate(mutate(nodeClass, "spec.metadataOptions", undefined), "spec.blockDeviceMappings", undefined);
        for (const rule of rules) {
            expect(await violations(rule, LT, launchTemplate), rule.name).to.deep.equal([]);
            expect(await violations(rule, "aws:ec2/instance:Instance", instance), rule.name).to.deep.equal([]);
            expect(await violations(rule, NODE_CLASS, nodeClass), rule.name).to.deep.equal([]);
            expect(await violations(rule, NODE_CLASS, bare), rule.name).to.deep.equal([]);
        }
    });

    it("aws-ec2-require-imdsv2 rejects optional or unset tokens", async () => {
        expect(await violations(awsEc2RequireImdsv2, LT, mutate(launchTemplate, "metadataOptions.httpTokens", "optional"))).to.deep.equal([
            'IMDSv1 is allowed (metadataOptions.httpTokens is "optional"): set metadataOptions.httpTokens to "required".',
        ]);
        expect(await violations(awsEc2RequireImdsv2, LT, mutate(launchTemplate, "metadataOptions", undefined))).to.deep.equal([
            'IMDSv1 is allowed (metadataOptions.httpTokens is unset): set metadataOptions.httpTokens to "required".',
        ]);
        expect(await violations(awsEc2RequireImdsv2, NODE_CLASS, mutate(nodeClass, "spec.metadataOptions.httpTokens", "optional"))).to.deep.equal([
            'spec.metadataOptions.httpTokens is "optional": set it to "required" (or leave it out; Karpenter\'s default is required).',
        ]);
    });

    it("aws-ec2-limit-metadata-hop-limit rejects a hop limit above the configured maximum", async () => {
        expect(await violations(awsEc2LimitMetadataHopLimit, LT, mutate(launchTemplate, "metadataOptions.httpPutResponseHopLimit", 3))).to.deep.equal([
            "metadataOptions.httpPutResponseHopLimit is 3: set it to 2 or less (1 keeps pods off the node's instance role; pods use Pod Identity).",
        ]);
        expect(await violations(awsEc2LimitMetadataHopLimit, NODE_CLASS, mutate(nodeClass, "spec.metadataOptions.httpPutResponseHopLimit", 2), { maximumHopLimit: 1 })).to.deep.equal([
            "spec.metadataOptions.httpPutResponseHopLimit is 2: set it to 1 or less (1 keeps pods off the node's instance role; pods use Pod Identity).",
        ]);
    });

    it("aws-ec2-encrypt-volumes rejects unencrypted or unmapped volumes", async () => {
        expect(await violations(awsEc2EncryptVolumes, LT, mutate(launchTemplate, "blockDeviceMappings[0].ebs.encrypted", "false"))).to.deep.equal([
            'Volume /dev/xvda is not encrypted: set ebs.encrypted to "true".',
        ]);
        expect(await violations(awsEc2EncryptVolumes, LT, mutate(launchTemplate, "blockDeviceMappings", undefined))).to.deep.equal([
            'No EBS block device mapping, so the root volume follows the AMI and may be unencrypted: map the root device with ebs.encrypted "true".',
        ]);
        expect(await violations(awsEc2EncryptVolumes, NODE_CLASS, mutate(nodeClass, "spec.blockDeviceMappings[0].ebs.encrypted", false))).to.deep.equal([
            "Volume /dev/xvda is not encrypted: set ebs.encrypted to true.",
        ]);
        expect(await violations(awsEc2EncryptVolumes, "aws:ec2/instance:Instance", mutate(instance, "rootBlockDevice", undefined))).to.deep.equal([
            "The root volume is not encrypted: set rootBlockDevice.encrypted to true.",
        ]);
    });

    it("aws-ec2-no-public-ip rejects public addresses", async () => {
        expect(await violations(awsEc2NoPublicIp, LT, mutate(launchTemplate, "networkInterfaces[0].associatePublicIpAddress", "true"))).to.deep.equal([
            'A network interface asks for a public IP: set networkInterfaces[].associatePublicIpAddress to "false" and place nodes in private subnets.',
        ]);
        expect(await violations(awsEc2NoPublicIp, NODE_CLASS, mutate(nodeClass, "spec.associatePublicIPAddress", true))).to.deep.equal([
            "spec.associatePublicIPAddress is true: set it to false (or leave it out) so Karpenter nodes stay private.",
        ]);
        expect(await violations(awsEc2NoPublicIp, "aws:ec2/instance:Instance", mutate(instance, "associatePublicIpAddress", true))).to.deep.equal([
            "The instance asks for a public IP: set associatePublicIpAddress to false and use a private subnet.",
        ]);
    });
});

describe("Security group rules", () => {
    const group = {
        description: "Nodes",
        ingress: [{ description: "HTTPS from the load balancers", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.0.0.0/16"] }],
        egress: [{ description: "Anywhere", protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
    };
    const rule = awsEc2SecurityGroupNoPublicAdminIngress;

    it("pass a group with described, private ingress and public HTTPS", async () => {
        expect(await violations(rule, "aws:ec2/securityGroup:SecurityGroup", group)).to.deep.equal([]);
        expect(await violations(rule, "aws:ec2/securityGroup:SecurityGroup", mutate(group, "ingress[0].cidrBlocks", ["0.0.0.0/0"]))).to.deep.equal([]);
        expect(await violations(awsEc2SecurityGroupRuleDescriptions, "aws:ec2/securityGroup:SecurityGroup", group)).to.deep.equal([]);
    });

    it("aws-ec2-security-group-no-public-admin-ingress rejects SSH, RDP and all ports from the internet", async () => {
        const ssh = mutate(mutate(mutate(group, "ingress[0].fromPort", 22), "ingress[0].toPort", 22), "ingress[0].cidrBlocks", ["0.0.0.0/0"]);
        expect(await violations(rule, "aws:ec2/securityGroup:SecurityGroup", ssh)).to.deep.equal([
            "ingress[0] opens port 22 to 0.0.0.0/0: restrict the source to known CIDRs or a security group, or use SSM Session Manager instead of SSH/RDP.",
        ]);
        const rdp = { type: "ingress", protocol: "tcp", fromPort: 3000, toPort: 4000, cidrBlocks: [], ipv6CidrBlocks: ["::/0"], securityGroupId: UNKNOWN };
        expect(await violations(rule, "aws:ec2/securityGroupRule:SecurityGroupRule", rdp)).to.deep.equal([
            "the rule opens port 3389 to ::/0: restrict the source to known CIDRs or a security group, or use SSM Session Manager instead of SSH/RDP.",
        ]);
        const all = { ipProtocol: "-1", cidrIpv4: "0.0.0.0/0", securityGroupId: UNKNOWN };
        expect(await violations(rule, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", all)).to.deep.equal([
            "the rule opens all ports to 0.0.0.0/0: restrict the source to known CIDRs or a security group, or use SSM Session Manager instead of SSH/RDP.",
        ]);
        expect(await violations(rule, "aws:ec2/securityGroupRule:SecurityGroupRule", { ...rdp, type: "egress" })).to.deep.equal([]);
    });

    it("aws-ec2-security-group-rule-descriptions rejects rules without a description", async () => {
        expect(await violations(awsEc2SecurityGroupRuleDescriptions, "aws:ec2/securityGroup:SecurityGroup", mutate(group, "egress[0].description", undefined))).to.deep.equal([
            "egress[0] has no description: say what the rule is for in its description.",
        ]);
        expect(await violations(awsEc2SecurityGroupRuleDescriptions, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", { ipProtocol: "-1" })).to.deep.equal([
            "The rule has no description: say what it is for in description.",
        ]);
    });
});

describe("aws-vpc-require-flow-logs", () => {
    const vpcComponent = fixture("awsx:ec2:Vpc", { cidrBlock: "10.0.0.0/16" }, { name: "network-vpc" });
    const vpcChild = fixture("aws:ec2/vpc:Vpc", { cidrBlock: "10.0.0.0/16" }, { name: "network-vpc", parent: vpcComponent.urn });
    const flowLog = fixture("aws:ec2/flowLog:FlowLog", { vpcId: UNKNOWN, trafficType: "ALL" }, { name: "network-flow-logs", propertyDependencies: { vpcId: [vpcComponent.urn] } });

    it("passes a VPC whose flow log takes its vpcId from it, offline (component) and in a real preview (child VPC)", async () => {
        expect(await stackFindings(awsVpcRequireFlowLogs, [vpcComponent, flowLog])).to.deep.equal([]);
        expect(await stackFindings(awsVpcRequireFlowLogs, [vpcComponent, vpcChild, flowLog])).to.deep.equal([]);
    });

    it("reports each VPC without a flow log on that VPC", async () => {
        const other = fixture("aws:ec2/vpc:Vpc", { cidrBlock: "10.1.0.0/16" }, { name: "other" });
        const found = await stackFindings(awsVpcRequireFlowLogs, [vpcComponent, flowLog, other]);
        expect(found.map((f) => [f.urn, f.message])).to.deep.equal([
            [urnOf("aws:ec2/vpc:Vpc", "other"), "VPC other has no flow log: add an aws.ec2.FlowLog whose vpcId is this VPC's id (the Network component creates one)."],
        ]);
        expect(await stackFindings(awsVpcRequireFlowLogs, [vpcComponent])).to.have.length(1);
    });
});

describe("aws-cloudwatch-log-group-retention", () => {
    const rule = awsCloudwatchLogGroupRetention;
    const group = { name: "/aws/vpc/eks-prod/flow-logs", retentionInDays: 365 };

    it("passes retention at or above the stack's minimum", async () => {
        expect(await violations(rule, "aws:cloudwatch/logGroup:LogGroup", group, { minimumRetentionDays: 365 })).to.deep.equal([]);
    });

    it("rejects short and missing retention", async () => {
        expect(await violations(rule, "aws:cloudwatch/logGroup:LogGroup", mutate(group, "retentionInDays", 30), { minimumRetentionDays: 365 })).to.deep.equal([
            "Logs are kept 30 days, less than the 365 this stack requires: set retentionInDays to 365 or more.",
        ]);
        expect(await violations(rule, "aws:cloudwatch/logGroup:LogGroup", mutate(group, "retentionInDays", undefined))).to.deep.equal([
            "No retention is set, so logs are kept forever at full price: set retentionInDays to at least 30.",
        ]);
    });
});
