import { expect } from "chai";
import { awsIamSecretReadScopedToCluster } from "../../../policies/aws/rules/iam/secret-read-scoped-to-cluster.js";
import { fixture, mutate, previewMessage, stackFindings, UNKNOWN } from "../helpers.js";

const rule = awsIamSecretReadScopedToCluster;
const POLICY = "aws:iam/rolePolicy:RolePolicy";
const cluster = fixture("eks:index:Cluster", { name: "eks-prod" }, { name: "cluster-eks" });

/** The External Secrets role's document as the program builds it. */
const compliant = {
    Version: "2012-10-17",
    Statement: [
        { Sid: "ReadClusterParameters", Effect: "Allow", Action: ["ssm:GetParameter*"], Resource: "arn:aws:ssm:eu-west-1:123456789012:parameter/eks-prod/*" },
        {
            Sid: "ReadClusterSecrets",
            Effect: "Allow",
            Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
            Resource: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:eks-prod/*",
        },
        {
            Sid: "DecryptThroughSsmAndSecretsManager",
            Effect: "Allow",
            Action: ["kms:Decrypt"],
            Resource: "arn:aws:kms:eu-west-1:123456789012:key/1",
            Condition: { StringEquals: { "kms:ViaService": ["ssm.eu-west-1.amazonaws.com", "secretsmanager.eu-west-1.amazonaws.com"] } },
        },
    ],
};

async function messages(document: object, resources = [cluster]) {
    const policy = fixture(POLICY, { role: "eso", policy: JSON.stringify(document) }, { name: "external-secrets-aws-read" });
    return (await stackFindings(rule, [...resources, policy])).map((f) => f.message);
}

describe("aws-iam-secret-read-scoped-to-cluster", () => {
    it("passes the store's document scoped to the cluster's prefix", async () => {
        expect(await messages(compliant)).to.deep.equal([]);
    });

    it("passes AWS-owned public parameters (Karpenter reads the EKS AMI ids)", async () => {
        const karpenter = mutate(compliant, "Statement[0].Resource", "arn:aws:ssm:eu-west-1::parameter/aws/service/*");
        expect(await messages(karpenter)).to.deep.equal([]);
    });

    it("passes when the stack has no cluster to scope to", async () => {
        expect(await messages(mutate(compliant, "Statement[0].Resource", "*"), [])).to.deep.equal([]);
    });

    it("reports parameters outside the prefix", async () => {
        expect(await messages(mutate(compliant, "Statement[0].Resource", "arn:aws:ssm:eu-west-1:123456789012:parameter/*"))).to.deep.equal([
            "external-secrets-aws-read: the policy, statement ReadClusterParameters reads secrets from arn:aws:ssm:eu-west-1:123456789012:parameter/*, wider than the cluster's prefix: name arn:<partition>:ssm:<region>:<account>:parameter/eks-prod/* or arn:<partition>:secretsmanager:<region>:<account>:secret:eks-prod/* instead.",
        ]);
    });

    it("reports another cluster's secrets", async () => {
        const found = await messages(mutate(compliant, "Statement[1].Resource", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:eks-dev/*"));
        expect(found).to.have.length(1);
        expect(found[0]).to.contain("statement ReadClusterSecrets reads secrets from arn:aws:secretsmanager:eu-west-1:123456789012:secret:eks-dev/*");
    });

    it("reports a prefix that only starts like the cluster's name", async () => {
        const found = await messages(mutate(compliant, "Statement[0].Resource", "arn:aws:ssm:eu-west-1:123456789012:parameter/eks-prod*"));
        expect(found).to.have.length(1);
    });

    it("reports a wildcard account or region", async () => {
        expect(await messages(mutate(compliant, "Statement[0].Resource", "arn:aws:ssm:*:*:parameter/eks-prod/*"))).to.have.length(1);
    });

    it("reports a service wildcard action on every resource", async () => {
        const found = await messages(mutate(compliant, "Statement[2]", { Effect: "Allow", Action: "secretsmanager:*", Resource: "*" }));
        expect(found).to.have.length(1);
        expect(found[0]).to.contain("statement 2 reads secrets from *");
    });

    it("reports Allow with NotAction, which reads everything not listed", async () => {
        const found = await messages(mutate(compliant, "Statement[2]", { Effect: "Allow", NotAction: "iam:*", Resource: "*" }));
        expect(found).to.have.length(1);
    });

    it("ignores Deny statements and statements that read no secrets", async () => {
        const deny = mutate(compliant, "Statement[0].Effect", "Deny");
        expect(await messages(mutate(deny, "Statement[0].Resource", "*"))).to.deep.equal([]);
        expect(await messages(mutate(compliant, "Statement[2].Resource", "*"))).to.deep.equal([]);
    });
});

describe("aws-iam-secret-read-scoped-to-cluster during a first preview", () => {
    it("cannot read a policy built from outputs and says so, instead of passing it", async () => {
        const policy = fixture("aws:iam/rolePolicy:RolePolicy", { role: "eso", policy: UNKNOWN }, { name: "external-secrets-aws-read" });
        const found = await stackFindings(awsIamSecretReadScopedToCluster, [fixture("eks:index:Cluster", { name: "eks-prod" }, { name: "cluster-eks" }), policy]);
        expect(found.map((f) => f.message)).to.deep.equal([previewMessage(awsIamSecretReadScopedToCluster, "policy")]);
    });
});
