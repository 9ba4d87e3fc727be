import { expect } from "chai";
import type { AwsContext } from "../../../components/aws-context.js";
import {
    autoScalingServiceLinkedRoleArn,
    ebsKeyPolicy,
    logsKeyPolicy,
    platformKeyAliasArn,
    secretsManagerKeyPolicy,
} from "../../../components/kms/key-policies.js";
import type { StackRun } from "../../../engine/engine.js";
import { committedRun } from "../../stack-runs.js";
import { jsonInput, resource, resources } from "../../helpers.js";

const ctx: AwsContext = { accountId: "111122223333", partition: "aws", region: "eu-west-1", dnsSuffix: "amazonaws.com" };
const ROOT = {
    Sid: "AccountAdministersTheKey",
    Effect: "Allow",
    Principal: { AWS: "arn:aws:iam::111122223333:root" },
    Action: "kms:*",
    Resource: "*",
};

describe("platform key policies", () => {
    it("logs: the regional CloudWatch Logs principal, for log groups of this account and region only", () => {
        expect(logsKeyPolicy(ctx).Statement).to.deep.equal([
            ROOT,
            {
                Sid: "CloudWatchLogsOfThisAccountAndRegion",
                Effect: "Allow",
                Principal: { Service: "logs.eu-west-1.amazonaws.com" },
                Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
                Resource: "*",
                Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:eu-west-1:111122223333:log-group:*" } },
            },
        ]);
    });

    it("ebs: the Auto Scaling service-linked role (grants for AWS resources only) and the platform's roles via EC2", () => {
        const [root, asgUse, asgGrant, platform] = ebsKeyPolicy(ctx, "/eks-platform/prod/").Statement as any[];
        expect(root).to.deep.equal(ROOT);
        const slr = "arn:aws:iam::111122223333:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling";
        expect(autoScalingServiceLinkedRoleArn(ctx)).to.equal(slr);
        expect(asgUse).to.deep.include({
            Principal: { AWS: "*" },
            Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
            Condition: { StringEquals: { "kms:CallerAccount": "111122223333", "aws:PrincipalArn": slr } },
        });
        expect(asgGrant).to.deep.include({
            Action: "kms:CreateGrant",
            Condition: { StringEquals: { "kms:CallerAccount": "111122223333", "aws:PrincipalArn": slr }, Bool: { "kms:GrantIsForAWSResource": "true" } },
        });
        expect(platform.Condition).to.deep.equal({
            StringEquals: { "kms:CallerAccount": "111122223333", "kms:ViaService": "ec2.eu-west-1.amazonaws.com" },
            ArnLike: { "aws:PrincipalArn": "arn:aws:iam::111122223333:role/eks-platform/prod/*" },
        });
        expect(platform.Action).to.include("kms:CreateGrant");
    });

    it("secrets manager: the account root only, so reading a secret also takes kms:Decrypt from IAM", () => {
        expect(secretsManagerKeyPolicy(ctx).Statement).to.deep.equal([ROOT]);
    });

    it("names aliases after the cluster, so the EBS alias ARN is known at preview", () => {
        expect(platformKeyAliasArn(ctx, "eks-prod", "ebs")).to.equal("arn:aws:kms:eu-west-1:111122223333:alias/eks/eks-prod/ebs");
    });
});

describe("platform keys in the program (prod under the mock engine)", () => {
    let prod: StackRun;
    before(async () => {
        prod = await committedRun("prod");
    });
    const keyArnOf = (name: string) => {
        const key = resource(prod, "aws:kms/key:Key", name);
        return { key, urn: key.urn };
    };

    it("adds three rotated, protected keys with their policies and aliases", () => {
        for (const purpose of ["logs", "ebs", "secretsmanager"]) {
            const { key } = keyArnOf(`keys-${purpose}`);
            expect(key.plainInputs).to.include({ enableKeyRotation: true, deletionWindowInDays: 30 });
            expect(key.protect, purpose).to.equal(true);
            expect(jsonInput(key, "policy").Statement[0].Sid).to.equal("AccountAdministersTheKey");
            expect(resource(prod, "aws:kms/alias:Alias", `keys-${purpose}`).plainInputs["name"]).to.equal(`alias/eks/eks-prod/${purpose}`);
        }
    });

    it("encrypts every log group with the logs key", () => {
        const { urn } = keyArnOf("keys-logs");
        const groups = resources(prod, "aws:cloudwatch/logGroup:LogGroup");
        expect(groups.map((g) => g.name).sort()).to.deep.equal([
            "cluster-control-plane-logs",
            "network-flow-logs",
            "observability-application",
            "observability-dataplane",
            "observability-host",
            "observability-performance",
        ]);
        for (const group of groups) expect(group.propertyDependencies["kmsKeyId"], group.name).to.deep.equal([urn]);
    });

    it("encrypts the dashboard's Secrets Manager secret with the Secrets Manager key", () => {
        const { urn } = keyArnOf("keys-secretsmanager");
        for (const secret of resources(prod, "aws:secretsmanager/secret:Secret")) {
            expect(secret.propertyDependencies["kmsKeyId"], secret.name).to.deep.equal([urn]);
        }
        expect(resources(prod, "aws:secretsmanager/secret:Secret")).to.have.length(1);
    });
});
