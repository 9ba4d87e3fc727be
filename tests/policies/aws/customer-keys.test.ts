import { expect } from "chai";
import { awsCloudwatchLogGroupCustomerKey } from "../../../policies/aws/rules/cloudwatch/log-group-customer-key.js";
import { awsEc2LaunchTemplateCustomerKey } from "../../../policies/aws/rules/ec2/launch-template-customer-key.js";
import { awsKarpenterEc2nodeclassCustomerKey } from "../../../policies/aws/rules/karpenter/ec2nodeclass-customer-key.js";
import { awsSecretsmanagerSecretCustomerKey } from "../../../policies/aws/rules/secretsmanager/secret-customer-key.js";
import { mutate, UNKNOWN, violations } from "../helpers.js";

const KEY_ARN = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-4333-8444-555555555555";
const HINT = "(PlatformKeys in components/kms/).";

describe("customer-managed key rules", () => {
    describe("aws-cloudwatch-log-group-customer-key", () => {
        const TYPE = "aws:cloudwatch/logGroup:LogGroup";
        const group = { name: "/aws/eks/eks-prod/cluster", retentionInDays: 90, kmsKeyId: KEY_ARN };

        it("passes a group under a customer key, known or created in the same update", async () => {
            expect(await violations(awsCloudwatchLogGroupCustomerKey, TYPE, group)).to.deep.equal([]);
            expect(await violations(awsCloudwatchLogGroupCustomerKey, TYPE, mutate(group, "kmsKeyId", UNKNOWN))).to.deep.equal([]);
        });

        it("refuses a group with no key", async () => {
            expect(await violations(awsCloudwatchLogGroupCustomerKey, TYPE, mutate(group, "kmsKeyId", undefined))).to.deep.equal([
                `The log group sets no kmsKeyId, so AWS encrypts it with an AWS-managed key: set kmsKeyId to the platform's logs key ${HINT}`,
            ]);
        });

        it("refuses an AWS-managed key alias", async () => {
            expect(await violations(awsCloudwatchLogGroupCustomerKey, TYPE, mutate(group, "kmsKeyId", "arn:aws:kms:eu-west-1:123456789012:alias/aws/logs"))).to.have.length(1);
        });
    });

    describe("aws-ec2-launch-template-customer-key", () => {
        const TYPE = "aws:ec2/launchTemplate:LaunchTemplate";
        const template = {
            blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { volumeSize: 50, volumeType: "gp3", encrypted: "true", kmsKeyId: KEY_ARN } }],
        };

        it("passes a root volume under a customer key", async () => {
            expect(await violations(awsEc2LaunchTemplateCustomerKey, TYPE, template)).to.deep.equal([]);
        });

        it("refuses a volume with no key (aws/ebs)", async () => {
            expect(await violations(awsEc2LaunchTemplateCustomerKey, TYPE, mutate(template, "blockDeviceMappings[0].ebs.kmsKeyId", undefined))).to.deep.equal([
                `Volume /dev/xvda sets no ebs.kmsKeyId, so AWS encrypts it with an AWS-managed key: set ebs.kmsKeyId to the platform's ebs key ${HINT}`,
            ]);
        });

        it("refuses the aws/ebs alias", async () => {
            expect(await violations(awsEc2LaunchTemplateCustomerKey, TYPE, mutate(template, "blockDeviceMappings[0].ebs.kmsKeyId", "alias/aws/ebs"))).to.deep.equal([
                `Volume /dev/xvda uses the AWS-managed key alias/aws/ebs, whose policy no one can narrow: set ebs.kmsKeyId to the platform's ebs key ${HINT}`,
            ]);
        });
    });

    describe("aws-karpenter-ec2nodeclass-customer-key", () => {
        const TYPE = "kubernetes:karpenter.k8s.aws/v1:EC2NodeClass";
        const nodeClass = {
            spec: {
                blockDeviceMappings: [
                    {
                        deviceName: "/dev/xvda",
                        rootVolume: true,
                        ebs: { volumeSize: "50Gi", volumeType: "gp3", encrypted: true, kmsKeyID: "arn:aws:kms:eu-west-1:123456789012:alias/eks/eks-prod/ebs" },
                    },
                ],
            },
        };

        it("passes volumes under the platform's key alias", async () => {
            expect(await violations(awsKarpenterEc2nodeclassCustomerKey, TYPE, nodeClass)).to.deep.equal([]);
        });

        it("refuses a volume with no kmsKeyID", async () => {
            expect(await violations(awsKarpenterEc2nodeclassCustomerKey, TYPE, mutate(nodeClass, "spec.blockDeviceMappings[0].ebs.kmsKeyID", undefined))).to.have.length(1);
        });

        it("refuses the aws/ebs alias", async () => {
            expect(
                await violations(awsKarpenterEc2nodeclassCustomerKey, TYPE, mutate(nodeClass, "spec.blockDeviceMappings[0].ebs.kmsKeyID", "arn:aws:kms:eu-west-1:123456789012:alias/aws/ebs")),
            ).to.deep.equal([
                `Volume /dev/xvda uses the AWS-managed key arn:aws:kms:eu-west-1:123456789012:alias/aws/ebs, whose policy no one can narrow: set ebs.kmsKeyID to the platform's ebs key ${HINT}`,
            ]);
        });

        it("refuses a NodeClass that leaves the root volume to Karpenter's default", async () => {
            expect(await violations(awsKarpenterEc2nodeclassCustomerKey, TYPE, mutate(nodeClass, "spec.blockDeviceMappings", undefined))).to.deep.equal([
                "No blockDeviceMappings, so Karpenter's default root volume takes the account's default EBS key: map the root volume with ebs.kmsKeyID set to the platform's ebs key.",
            ]);
        });
    });

    describe("aws-secretsmanager-secret-customer-key", () => {
        const TYPE = "aws:secretsmanager/secret:Secret";
        const secret = { namePrefix: "eks/eks-prod/traefik-dashboard-", kmsKeyId: KEY_ARN };

        it("passes a secret under a customer key", async () => {
            expect(await violations(awsSecretsmanagerSecretCustomerKey, TYPE, secret)).to.deep.equal([]);
        });

        it("refuses a secret with no key (aws/secretsmanager)", async () => {
            expect(await violations(awsSecretsmanagerSecretCustomerKey, TYPE, mutate(secret, "kmsKeyId", undefined))).to.deep.equal([
                `The secret sets no kmsKeyId, so AWS encrypts it with an AWS-managed key: set kmsKeyId to the platform's secretsManager key ${HINT}`,
            ]);
        });

        it("refuses the aws/secretsmanager alias", async () => {
            expect(await violations(awsSecretsmanagerSecretCustomerKey, TYPE, mutate(secret, "kmsKeyId", "alias/aws/secretsmanager"))).to.have.length(1);
        });
    });
});
