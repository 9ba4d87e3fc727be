/**
 * What a platform stack's deploy role may do, and the permissions boundary every role that stack
 * creates must carry. Pure documents, tested without mocks (and through an IAM simulator).
 *
 * In place of PowerUserAccess + IAMFullAccess (admin in effect: `iam:CreateUser`, and
 * `iam:AttachRolePolicy` on the deploy role itself):
 * - the AWS services the platform creates resources in, by service;
 * - IAM writes only on roles and policies under the stack's path (`/<project>/<stack>/`), a role
 *   only with the stack's permissions boundary (`iam:PermissionsBoundary`), managed policies only
 *   from the stack's path or the list the program attaches (`iam:PolicyARN`);
 * - no users, groups, access keys or login profiles, and nothing on the deploy roles or the
 *   boundary policies (explicit denies, which also win over any policy attached later).
 */
import type * as aws from "@pulumi/aws";
import {
    boundaryIamPath,
    deployRoleIamPath,
    type IamAccount,
    permissionsBoundaryArn,
    platformIamPath,
    policyArnPattern,
    roleArnPattern,
} from "../../domain/iam-scope.js";

/**
 * Services the platform program creates and manages resources in, with what for. A component that
 * creates a resource of a new service adds its prefix here (`tests/deployments/deploy-policies.test.ts`
 * checks every resource type of both stacks against this table).
 */
export const DEPLOY_SERVICES: Readonly<Record<string, string>> = {
    ec2: "VPC, subnets, NAT gateways, routes, security groups, launch templates, flow logs, tags",
    eks: "the cluster, add-ons, node groups, access entries, Pod Identity associations",
    kms: "customer-managed keys, their aliases and key policies",
    logs: "CloudWatch log groups (control plane, flow logs, add-ons)",
    sqs: "Karpenter's interruption queue and its policy",
    events: "Karpenter's EventBridge interruption rules and targets",
    ecr: "the platform's repositories, their policies and lifecycle rules",
    route53: "the ingress records in the user's hosted zone",
    secretsmanager: "the dashboard credentials",
    acm: "the ALB group's certificate; Client VPN's imported certificates",
    wafv2: "the ALB group's web ACL",
    elasticfilesystem: "the EFS file system, its mount targets, lifecycle and backup policies",
    ssm: "External Secrets' example parameter under the cluster's prefix",
};

/**
 * AWS managed policies the program attaches to its roles; nothing else of `arn:aws:iam::aws:policy/`
 * can be attached. `tests/deployments/deploy-policies.test.ts` checks both stacks against it.
 */
export const ATTACHABLE_MANAGED_POLICIES = [
    "AmazonEKSClusterPolicy",
    "AmazonEKSWorkerNodePolicy",
    "AmazonEC2ContainerRegistryPullOnly",
    "AmazonSSMManagedInstanceCore",
    "AmazonEKS_CNI_Policy",
    "service-role/AmazonEBSCSIDriverPolicy",
    // Add-ons of the platform's other components: EFS CSI, the CloudWatch agent, Karpenter on Fargate.
    "service-role/AmazonEFSCSIDriverPolicy",
    "CloudWatchAgentServerPolicy",
    "AmazonEKSFargatePodExecutionRolePolicy",
] as const;

/** Services the program's roles are handed to (`iam:PassedToService`). */
export const PASS_ROLE_SERVICES = ["eks.amazonaws.com", "ec2.amazonaws.com", "pods.eks.amazonaws.com", "vpc-flow-logs.amazonaws.com"] as const;

/**
 * Service-linked roles a first cluster in an account may need: EKS and its node groups, the
 * Auto Scaling groups behind them, Spot (Karpenter's `createSpotServiceLinkedRole`), load balancers.
 */
export const SERVICE_LINKED_ROLE_SERVICES = [
    "eks.amazonaws.com",
    "eks-nodegroup.amazonaws.com",
    "autoscaling.amazonaws.com",
    "spot.amazonaws.com",
    "elasticloadbalancing.amazonaws.com",
] as const;

export interface DeployPolicyInputs extends IamAccount {
    /** The platform's Pulumi project (the first element of the IAM path). */
    readonly project: string;
    /** The platform stack the role deploys. */
    readonly stack: string;
}

const ROLE_WRITES = [
    "iam:DeleteRole",
    "iam:UpdateRole",
    "iam:UpdateRoleDescription",
    "iam:UpdateAssumeRolePolicy",
    "iam:TagRole",
    "iam:UntagRole",
] as const;
/** Writes that AWS lets a policy condition on the role's boundary (`iam:PermissionsBoundary`). */
const BOUNDED_ROLE_WRITES = ["iam:CreateRole", "iam:PutRolePermissionsBoundary", "iam:PutRolePolicy", "iam:DeleteRolePolicy"] as const;
const ROLE_READS = [
    "iam:GetRole",
    "iam:GetRolePolicy",
    "iam:ListRolePolicies",
    "iam:ListAttachedRolePolicies",
    "iam:ListInstanceProfilesForRole",
    "iam:ListRoleTags",
] as const;
const POLICY_WRITES = [
    "iam:CreatePolicy",
    "iam:DeletePolicy",
    "iam:CreatePolicyVersion",
    "iam:DeletePolicyVersion",
    "iam:SetDefaultPolicyVersion",
    "iam:TagPolicy",
    "iam:UntagPolicy",
] as const;
const POLICY_READS = ["iam:GetPolicy", "iam:GetPolicyVersion", "iam:ListPolicyVersions", "iam:ListPolicyTags"] as const;
const OIDC_PROVIDER_ACTIONS = [
    "iam:CreateOpenIDConnectProvider",
    "iam:DeleteOpenIDConnectProvider",
    "iam:GetOpenIDConnectProvider",
    "iam:TagOpenIDConnectProvider",
    "iam:UntagOpenIDConnectProvider",
    "iam:UpdateOpenIDConnectProviderThumbprint",
    "iam:AddClientIDToOpenIDConnectProvider",
    "iam:RemoveClientIDFromOpenIDConnectProvider",
] as const;
/** Every way a role's permissions or trust can change, or the role be handed on: none on the deploy roles. */
const SELF_WRITES = [
    ...BOUNDED_ROLE_WRITES,
    ...ROLE_WRITES,
    "iam:AttachRolePolicy",
    "iam:DetachRolePolicy",
    "iam:DeleteRolePermissionsBoundary",
    "iam:PassRole",
] as const;
/** Identities that outlive a deployment and are not the platform's business. */
export const USER_MANAGEMENT_ACTIONS = [
    "iam:CreateUser",
    "iam:CreateAccessKey",
    "iam:CreateLoginProfile",
    "iam:UpdateLoginProfile",
    "iam:AttachUserPolicy",
    "iam:PutUserPolicy",
    "iam:AddUserToGroup",
    "iam:CreateGroup",
    "iam:AttachGroupPolicy",
    "iam:PutGroupPolicy",
] as const;

/** The deploy role's permissions on everything but IAM. */
export function deployServicesPolicy(): aws.iam.PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "PlatformServices",
                Effect: "Allow",
                Action: Object.keys(DEPLOY_SERVICES).map((service) => `${service}:*`),
                Resource: "*",
            },
        ],
    };
}

/** The deploy role's IAM permissions: the stack's path, the stack's boundary, and nothing of anyone else's. */
export function deployIamPolicy(inputs: DeployPolicyInputs): aws.iam.PolicyDocument {
    const path = platformIamPath(inputs.project, inputs.stack);
    const roles = roleArnPattern(inputs, path);
    const policies = policyArnPattern(inputs, path);
    const boundary = permissionsBoundaryArn(inputs, inputs.project, inputs.stack);
    const managed = ATTACHABLE_MANAGED_POLICIES.map((name) => `arn:${inputs.partition}:iam::aws:policy/${name}`);
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "CreateRolesUnderPathWithBoundary",
                Effect: "Allow",
                Action: [...BOUNDED_ROLE_WRITES],
                Resource: roles,
                Condition: { StringEquals: { "iam:PermissionsBoundary": boundary } },
            },
            {
                Sid: "AttachOwnOrListedManagedPolicies",
                Effect: "Allow",
                Action: ["iam:AttachRolePolicy", "iam:DetachRolePolicy"],
                Resource: roles,
                Condition: {
                    StringEquals: { "iam:PermissionsBoundary": boundary },
                    ArnLike: { "iam:PolicyARN": [policies, ...managed] },
                },
            },
            { Sid: "ManageRolesUnderPath", Effect: "Allow", Action: [...ROLE_WRITES, ...ROLE_READS], Resource: roles },
            {
                Sid: "PassRolesUnderPath",
                Effect: "Allow",
                Action: "iam:PassRole",
                Resource: roles,
                Condition: { StringEquals: { "iam:PassedToService": [...PASS_ROLE_SERVICES] } },
            },
            { Sid: "ManagePoliciesUnderPath", Effect: "Allow", Action: [...POLICY_WRITES, ...POLICY_READS], Resource: policies },
            // Refresh reads the AWS managed policies the roles attach.
            { Sid: "ReadManagedPolicies", Effect: "Allow", Action: [...POLICY_READS], Resource: managed },
            {
                Sid: "ClusterOidcProviders",
                Effect: "Allow",
                Action: [...OIDC_PROVIDER_ACTIONS],
                Resource: `arn:${inputs.partition}:iam::${inputs.accountId}:oidc-provider/oidc.eks.*`,
            },
            {
                Sid: "CreateServiceLinkedRoles",
                Effect: "Allow",
                Action: "iam:CreateServiceLinkedRole",
                Resource: `arn:${inputs.partition}:iam::${inputs.accountId}:role/aws-service-role/*`,
                Condition: { StringEquals: { "iam:AWSServiceName": [...SERVICE_LINKED_ROLE_SERVICES] } },
            },
            // Reading and tagging the Spot service-linked role the program may create.
            {
                Sid: "ReadServiceLinkedRoles",
                Effect: "Allow",
                Action: ["iam:GetRole", "iam:TagRole", "iam:UntagRole", "iam:ListRoleTags"],
                Resource: `arn:${inputs.partition}:iam::${inputs.accountId}:role/aws-service-role/*`,
            },
            // The program resolves its own session to the role's ARN (aws.iam.getSessionContext reads the role's path).
            { Sid: "ReadOwnRole", Effect: "Allow", Action: "iam:GetRole", Resource: roleArnPattern(inputs, deployRoleIamPath(inputs.project)) },
            // Explicit denies win over any Allow, including one attached to the role later.
            {
                Sid: "NeverWithoutTheBoundary",
                Effect: "Deny",
                Action: ["iam:CreateRole", "iam:PutRolePermissionsBoundary"],
                Resource: "*",
                Condition: { StringNotEquals: { "iam:PermissionsBoundary": boundary } },
            },
            { Sid: "NeverRemoveABoundary", Effect: "Deny", Action: "iam:DeleteRolePermissionsBoundary", Resource: "*" },
            { Sid: "NoUsersGroupsOrKeys", Effect: "Deny", Action: [...USER_MANAGEMENT_ACTIONS], Resource: "*" },
            {
                Sid: "NotTheDeployRoles",
                Effect: "Deny",
                Action: [...SELF_WRITES],
                Resource: roleArnPattern(inputs, deployRoleIamPath(inputs.project)),
            },
            {
                Sid: "NotTheBoundaries",
                Effect: "Deny",
                Action: [...POLICY_WRITES],
                Resource: policyArnPattern(inputs, boundaryIamPath(inputs.project)),
            },
        ],
    };
}

/**
 * Services the roles the platform creates may ever use, whatever policy they are given: the
 * ceiling of the cluster role, the node roles (with their AWS managed policies), the add-ons'
 * Pod Identity roles, Karpenter, cert-manager, flow logs and the third-party integrations, and
 * the add-on roles of the ALB controller, external-dns, EFS CSI, External Secrets and the
 * CloudWatch agent. A new workload that needs another service adds it here.
 */
export const BOUNDARY_SERVICES: Readonly<Record<string, string>> = {
    ec2: "VPC CNI, EBS CSI, Karpenter launches, the cluster role",
    ec2messages: "SSM agent on nodes (AmazonSSMManagedInstanceCore)",
    ssm: "SSM agent on nodes; Karpenter's AMI parameters; External Secrets' parameter store",
    ssmmessages: "SSM sessions on nodes",
    eks: "nodes and Karpenter describe the cluster; integrations",
    "eks-auth": "the Pod Identity agent on nodes (AssumeRoleForPodIdentity)",
    ecr: "image pulls; integrations' pushes",
    autoscaling: "the cluster role (AmazonEKSClusterPolicy)",
    elasticloadbalancing: "the cluster role; the AWS Load Balancer Controller",
    kms: "encrypted volumes, secrets and logs under the platform's keys",
    sqs: "Karpenter's interruption queue",
    pricing: "Karpenter's price lookups",
    "arc-zonal-shift": "Karpenter's zonal-shift status",
    route53: "cert-manager DNS-01, external-dns",
    logs: "VPC flow logs, the CloudWatch agent",
    cloudwatch: "the CloudWatch agent's metrics",
    xray: "the CloudWatch agent's traces",
    elasticfilesystem: "the EFS CSI driver",
    secretsmanager: "External Secrets",
    acm: "the AWS Load Balancer Controller's certificates",
    wafv2: "the AWS Load Balancer Controller",
    "waf-regional": "the AWS Load Balancer Controller",
    shield: "the AWS Load Balancer Controller",
    "cognito-idp": "the AWS Load Balancer Controller's authentication",
    ses: "integrations that send mail",
    sts: "integrations' bearer tokens (GetServiceBearerToken)",
};

/** The only IAM actions under the boundary: Karpenter's instance profiles and role passing, service-linked roles, server certificate reads. */
export const BOUNDARY_IAM_ACTIONS = [
    "iam:PassRole",
    "iam:GetInstanceProfile",
    "iam:ListInstanceProfiles",
    "iam:CreateInstanceProfile",
    "iam:TagInstanceProfile",
    "iam:AddRoleToInstanceProfile",
    "iam:RemoveRoleFromInstanceProfile",
    "iam:DeleteInstanceProfile",
    "iam:CreateServiceLinkedRole",
    // The AWS Load Balancer Controller reads IAM server certificates (docs/install/iam_policy.json, v2.17.1).
    "iam:ListServerCertificates",
    "iam:GetServerCertificate",
] as const;

/** The permissions boundary of every role the stack creates. */
export function permissionsBoundaryPolicy(): aws.iam.PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "PlatformWorkloadServices",
                Effect: "Allow",
                Action: Object.keys(BOUNDARY_SERVICES).map((service) => `${service}:*`),
                Resource: "*",
            },
            { Sid: "KarpenterInstanceProfilesAndServiceLinkedRoles", Effect: "Allow", Action: [...BOUNDARY_IAM_ACTIONS], Resource: "*" },
            // However a role's own policy is widened later, it cannot manage identities.
            { Sid: "NoUsersGroupsOrKeys", Effect: "Deny", Action: [...USER_MANAGEMENT_ACTIONS], Resource: "*" },
        ],
    };
}
