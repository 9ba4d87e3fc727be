import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { AwsContext } from "../aws-context.js";

/** AWS managed policy ARN in the stack's partition. */
export function managedPolicyArn(ctx: AwsContext, name: string): string {
    return `arn:${ctx.partition}:iam::aws:policy/${name}`;
}

/** EKS access policies, granted to principals through access entries. */
export const ACCESS_POLICIES = {
    clusterAdmin: "AmazonEKSClusterAdminPolicy",
    admin: "AmazonEKSAdminPolicy",
    edit: "AmazonEKSEditPolicy",
    view: "AmazonEKSViewPolicy",
} as const;

export function accessPolicyArn(ctx: AwsContext, policy: (typeof ACCESS_POLICIES)[keyof typeof ACCESS_POLICIES]): string {
    return `arn:${ctx.partition}:eks::aws:cluster-access-policy/${policy}`;
}

/** Managed policies of the system node role: join the cluster, run the VPC CNI, pull images, SSM access. */
export const SYSTEM_NODE_POLICIES = [
    "AmazonEKSWorkerNodePolicy",
    "AmazonEKS_CNI_Policy",
    "AmazonEC2ContainerRegistryReadOnly",
    "AmazonSSMManagedInstanceCore",
] as const;

/** The EKS service role's trust, as the EKS user guide gives it. */
export function eksServiceTrustPolicy(): aws.iam.PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "eks.amazonaws.com" }, Action: "sts:AssumeRole" }],
    };
}

/** EC2 instances assume the node role; the condition key does not apply to EC2, so none is set. */
export function ec2TrustPolicy(): aws.iam.PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
    };
}

/**
 * EKS Pod Identity trust: the agent assumes the role and tags the session with the cluster,
 * namespace and service account, which the condition pins to one service account of one cluster.
 */
export function podIdentityTrustPolicy(
    ctx: AwsContext,
    clusterName: string,
    namespace: string,
    serviceAccount: string,
): aws.iam.PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Service: "pods.eks.amazonaws.com" },
                Action: ["sts:AssumeRole", "sts:TagSession"],
                Condition: {
                    // Session tags EKS Pod Identity sets (EKS user guide, "pod-id-role").
                    StringEquals: {
                        "aws:SourceAccount": ctx.accountId,
                        "aws:RequestTag/eks-cluster-name": clusterName,
                        "aws:RequestTag/kubernetes-namespace": namespace,
                        "aws:RequestTag/kubernetes-service-account": serviceAccount,
                    },
                },
            },
        ],
    };
}

/** What the EKS service role needs on the secrets key (EKS docs: envelope encryption). */
export function clusterKmsPolicy(keyArn: pulumi.Input<string>): aws.iam.PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Action: ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"],
                Resource: keyArn,
            },
        ],
    };
}

/** The OIDC issuer as IAM condition keys name it: the issuer URL without its scheme. */
export function oidcIssuerHost(issuerUrl: string): string {
    return issuerUrl.replace(/^https:\/\//, "");
}

/**
 * IRSA trust: the cluster's OIDC provider may assume the role for exactly one service account,
 * and only with the STS audience the EKS Pod Identity webhook projects into the token.
 */
export function irsaTrustPolicy(oidcProviderArn: string, issuerUrl: string, namespace: string, serviceAccount: string): aws.iam.PolicyDocument {
    const issuer = oidcIssuerHost(issuerUrl);
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Federated: oidcProviderArn },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: {
                    StringEquals: {
                        [`${issuer}:sub`]: `system:serviceaccount:${namespace}:${serviceAccount}`,
                        [`${issuer}:aud`]: "sts.amazonaws.com",
                    },
                },
            },
        ],
    };
}

/** The managed policy of a Fargate pod execution role: pull images from ECR, and nothing else. */
export const FARGATE_POD_EXECUTION_POLICY = "AmazonEKSFargatePodExecutionRolePolicy";

/**
 * Fargate pod execution role trust (EKS user guide, "pod-execution-role"): only Fargate profiles of
 * this cluster, in this account and region, may use it (confused-deputy guard on aws:SourceArn).
 */
export function fargatePodExecutionTrustPolicy(ctx: AwsContext, clusterName: string): aws.iam.PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Service: "eks-fargate-pods.amazonaws.com" },
                Action: "sts:AssumeRole",
                Condition: {
                    ArnLike: { "aws:SourceArn": `arn:${ctx.partition}:eks:${ctx.region}:${ctx.accountId}:fargateprofile/${clusterName}/*` },
                },
            },
        ],
    };
}
