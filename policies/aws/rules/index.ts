/**
 * Every rule of the eks-platform-aws pack. The pack's index.ts serves this list to the Pulumi CLI;
 * tests and the offline check (tools/policy-check.ts) import it from here.
 */
import type { RulePack } from "../../lib/rule.js";
import { awsCloudwatchLogGroupRetention } from "./cloudwatch/log-group-retention.js";
import { awsEc2EncryptVolumes } from "./ec2/encrypt-volumes.js";
import { awsEc2LimitMetadataHopLimit } from "./ec2/limit-metadata-hop-limit.js";
import { awsEc2NoPublicIp } from "./ec2/no-public-ip.js";
import { awsEc2RequireImdsv2 } from "./ec2/require-imdsv2.js";
import { awsEc2SecurityGroupNoPublicAdminIngress } from "./ec2/security-group-no-public-admin-ingress.js";
import { awsEc2SecurityGroupRuleDescriptions } from "./ec2/security-group-rule-descriptions.js";
import { awsEcrRepositoryImmutableTags } from "./ecr/repository-immutable-tags.js";
import { awsEcrRepositoryKmsEncryption } from "./ecr/repository-kms-encryption.js";
import { awsEcrRepositoryLifecyclePolicy } from "./ecr/repository-lifecycle-policy.js";
import { awsEcrRepositoryPolicyNoPublicPrincipal } from "./ecr/repository-policy-no-public-principal.js";
import { awsEcrRepositoryScanOnPush } from "./ecr/repository-scan-on-push.js";
import { awsEksAddonPinVersion } from "./eks/addon-pin-version.js";
import { awsEksAddonVersionListed } from "./eks/addon-version-listed.js";
import { awsEksClusterAdminAllowlist } from "./eks/cluster-admin-allowlist.js";
import { awsEksClusterAllowedVersion } from "./eks/cluster-allowed-version.js";
import { awsEksClusterEnableControlPlaneLogs } from "./eks/cluster-enable-control-plane-logs.js";
import { awsEksClusterEnableDeletionProtection } from "./eks/cluster-enable-deletion-protection.js";
import { awsEksClusterEnablePrivateEndpoint } from "./eks/cluster-enable-private-endpoint.js";
import { awsEksClusterNoCreatorAdminBootstrap } from "./eks/cluster-no-creator-admin-bootstrap.js";
import { awsEksClusterRequireSecretsEncryption } from "./eks/cluster-require-secrets-encryption.js";
import { awsEksClusterRestrictPublicEndpoint } from "./eks/cluster-restrict-public-endpoint.js";
import { awsEksClusterUseAccessEntries } from "./eks/cluster-use-access-entries.js";
import { awsEksNodeGroupRestrictSsh } from "./eks/node-group-restrict-ssh.js";
import { awsIamIrsaTrustScoped } from "./iam/irsa-trust-scoped.js";
import { awsIamNoAdministratorAccess } from "./iam/no-administrator-access.js";
import { awsIamNoIamWildcard } from "./iam/no-iam-wildcard.js";
import { awsIamNoWildcardActions } from "./iam/no-wildcard-actions.js";
import { awsIamPodIdentityRoleSingleServiceAccount } from "./iam/pod-identity-role-single-service-account.js";
import { awsIamSecretReadScopedToCluster } from "./iam/secret-read-scoped-to-cluster.js";
import { awsIamTrustRequireExternalId } from "./iam/trust-require-external-id.js";
import { awsKarpenterEc2nodeclassPinAmi } from "./karpenter/ec2nodeclass-pin-ami.js";
import { awsKarpenterNodepoolSetConsolidationPolicy } from "./karpenter/nodepool-set-consolidation-policy.js";
import { awsKarpenterNodepoolSetExpireAfter } from "./karpenter/nodepool-set-expire-after.js";
import { awsKarpenterNodepoolSetLimits } from "./karpenter/nodepool-set-limits.js";
import { awsKarpenterSpotRequiresInterruptionQueue } from "./karpenter/spot-requires-interruption-queue.js";
import { awsKmsKeyEnableRotation } from "./kms/key-enable-rotation.js";
import { awsKmsKeyPolicyNoWildcardPrincipal } from "./kms/key-policy-no-wildcard-principal.js";
import { awsKmsKeyRequireDescription } from "./kms/key-require-description.js";
import { awsSqsQueueEncrypt } from "./sqs/queue-encrypt.js";
import { awsTagsRequired } from "./tags/required.js";
import { awsVpcRequireFlowLogs } from "./vpc/require-flow-logs.js";
import { awsElbAlbInternetFacingThroughGroup } from "./elb/alb-internet-facing-through-group.js";
import { awsElbHttpsModernTlsPolicy } from "./elb/https-modern-tls-policy.js";
import { awsRoute53ChangeRecordsInOneZone } from "./route53/change-records-in-one-zone.js";
import { awsWafv2WebAclAttached } from "./wafv2/web-acl-attached.js";
import { awsClientVpnNoOpenAuthorization } from "./clientvpn/no-open-authorization.js";
import { awsEksFargateProfileScopedSelectors } from "./eks/fargate-profile-scoped-selectors.js";
import { awsKarpenterGpuNodepoolTainted } from "./karpenter/gpu-nodepool-tainted.js";

export const AWS_PACK: RulePack = {
    name: "eks-platform-aws",
    description: "What eks-platform builds on AWS: the EKS cluster, nodes, Karpenter, ECR, IAM, KMS, VPC and tags.",
    rules: [
        awsCloudwatchLogGroupRetention,
        awsEc2EncryptVolumes,
        awsEc2LimitMetadataHopLimit,
        awsEc2NoPublicIp,
        awsEc2RequireImdsv2,
        awsEc2SecurityGroupNoPublicAdminIngress,
        awsEc2SecurityGroupRuleDescriptions,
        awsEcrRepositoryImmutableTags,
        awsEcrRepositoryKmsEncryption,
        awsEcrRepositoryLifecyclePolicy,
        awsEcrRepositoryPolicyNoPublicPrincipal,
        awsEcrRepositoryScanOnPush,
        awsEksAddonPinVersion,
        awsEksAddonVersionListed,
        awsEksClusterAdminAllowlist,
        awsEksClusterAllowedVersion,
        awsEksClusterEnableControlPlaneLogs,
        awsEksClusterEnableDeletionProtection,
        awsEksClusterEnablePrivateEndpoint,
        awsEksClusterNoCreatorAdminBootstrap,
        awsEksClusterRequireSecretsEncryption,
        awsEksClusterRestrictPublicEndpoint,
        awsEksClusterUseAccessEntries,
        awsEksNodeGroupRestrictSsh,
        awsIamIrsaTrustScoped,
        awsIamNoAdministratorAccess,
        awsIamNoIamWildcard,
        awsIamNoWildcardActions,
        awsIamPodIdentityRoleSingleServiceAccount,
        awsIamSecretReadScopedToCluster,
        awsIamTrustRequireExternalId,
        awsKarpenterEc2nodeclassPinAmi,
        awsKarpenterNodepoolSetConsolidationPolicy,
        awsKarpenterNodepoolSetExpireAfter,
        awsKarpenterNodepoolSetLimits,
        awsKarpenterSpotRequiresInterruptionQueue,
        awsKmsKeyEnableRotation,
        awsKmsKeyPolicyNoWildcardPrincipal,
        awsKmsKeyRequireDescription,
        awsSqsQueueEncrypt,
        awsTagsRequired,
        awsVpcRequireFlowLogs,
        // Load balancing (AWS Load Balancer Controller, ALB ingress group, external-dns).
        awsElbAlbInternetFacingThroughGroup,
        awsElbHttpsModernTlsPolicy,
        awsRoute53ChangeRecordsInOneZone,
        awsWafv2WebAclAttached,
        awsClientVpnNoOpenAuthorization,
        awsEksFargateProfileScopedSelectors,
        awsKarpenterGpuNodepoolTainted,
    ],
};
