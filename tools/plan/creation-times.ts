/**
 * Typical creation times of what this platform creates, for the deploy-time estimate.
 * Each row says where its figure comes from. Where only an upper bound is published
 * (a provider's create timeout), the row uses a typical figure below it and says so.
 */

/** When the table was last reviewed. */
export const CREATION_TIMES_AS_OF = "2026-11-21";

export interface Source {
    readonly title: string;
    readonly url: string;
}

export const SOURCES = {
    eksMeasured: {
        title: "Unofficial EKS cluster creation performance across AWS regions (eu-west-1: 912.86 s)",
        url: "https://easontechtalk.com/unofficial-eks-cluster-creation-performance-across-aws-regions",
    },
    eksCreate: { title: "Amazon EKS User Guide: Create an Amazon EKS cluster", url: "https://docs.aws.amazon.com/eks/latest/userguide/create-cluster.html" },
    pulumiEksHealthz: {
        title: "pulumi-eks cluster.ts: waits up to 300 s for /healthz when the endpoint is public",
        url: "https://github.com/pulumi/pulumi-eks/blob/master/nodejs/eks/cluster/cluster.ts",
    },
    managedNodeGroup: {
        title: "Amazon EKS User Guide: Create a managed node group",
        url: "https://docs.aws.amazon.com/eks/latest/userguide/create-managed-node-group.html",
    },
    addons: { title: "Amazon EKS User Guide: Amazon EKS add-ons", url: "https://docs.aws.amazon.com/eks/latest/userguide/eks-add-ons.html" },
    natGateway: { title: "Amazon VPC User Guide: NAT gateways (pending -> available)", url: "https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html" },
    terraformNatTimeout: {
        title: "Terraform AWS provider aws_nat_gateway: create timeout 10m (upper bound)",
        url: "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/nat_gateway#timeouts",
    },
    vpc: { title: "Amazon VPC User Guide: Create a VPC", url: "https://docs.aws.amazon.com/vpc/latest/userguide/create-vpc.html" },
    nlb: {
        title: "Elastic Load Balancing: Network Load Balancers (state provisioning -> active)",
        url: "https://docs.aws.amazon.com/elasticloadbalancing/latest/network/network-load-balancers.html",
    },
    helmRelease: {
        title: "Pulumi Kubernetes helm.sh/v3 Release: waits for resources unless skipAwait",
        url: "https://www.pulumi.com/registry/packages/kubernetes/api-docs/helm/v3/release/",
    },
    iamConsistency: {
        title: "IAM User Guide: changes are eventually consistent",
        url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_general.html#troubleshoot_general_eventual-consistency",
    },
    sqs: {
        title: "Amazon SQS API Reference: CreateQueue (wait before using a new queue)",
        url: "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html",
    },
    route53: {
        title: "Route 53 API Reference: ChangeResourceRecordSets (PENDING -> INSYNC, usually within 60 s)",
        url: "https://docs.aws.amazon.com/Route53/latest/APIReference/API_ChangeResourceRecordSets.html",
    },
    kms: { title: "AWS KMS Developer Guide: Creating keys", url: "https://docs.aws.amazon.com/kms/latest/developerguide/create-keys.html" },
    apiCall: { title: "One synchronous API call (estimate)", url: "https://docs.aws.amazon.com/general/latest/gr/aws-service-information.html" },
    kubernetesApi: {
        title: "Pulumi Kubernetes await logic: most kinds are ready once the API server accepts them",
        url: "https://www.pulumi.com/registry/packages/kubernetes/installation-configuration/",
    },
    fargateProfile: {
        title: "Amazon EKS User Guide: Define which Pods use AWS Fargate (profile CREATING -> ACTIVE); Terraform allows 10 min",
        url: "https://docs.aws.amazon.com/eks/latest/userguide/fargate-profile.html",
    },
    fargatePod: {
        title: "Amazon EKS User Guide: Fargate Pod configuration (each pod gets its own micro-VM before it starts)",
        url: "https://docs.aws.amazon.com/eks/latest/userguide/fargate-pod-configuration.html",
    },
    clientVpn: {
        title: "AWS Client VPN Administrator Guide: target network association (associating -> associated); Terraform allows 30 min",
        url: "https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/cvpn-working-target.html",
    },
    local: { title: "Computed by the provider on the machine running pulumi (no cloud call)", url: "https://www.pulumi.com/registry/packages/tls/" },
    pulumiConstruct: {
        title: "@pulumi/pulumi provider/server.js: construct answers after waitForRPCs (every child created)",
        url: "https://github.com/pulumi/pulumi/blob/master/sdk/nodejs/provider/server.ts",
    },
} as const satisfies Record<string, Source>;

export type Basis = "measured" | "typical" | "estimate";

export interface CreationTime {
    readonly seconds: number;
    readonly basis: Basis;
    readonly note: string;
    readonly source: Source;
}

const row = (seconds: number, basis: Basis, source: Source, note: string): CreationTime => ({ seconds, basis, source, note });

/** Seconds from create request to the provider reporting the resource ready, per resource type. */
export const CREATION_TIMES: Readonly<Record<string, CreationTime>> = {
    "aws:eks/cluster:Cluster": row(913, "measured", SOURCES.eksMeasured, "EKS control plane, eu-west-1"),
    "aws:eks/nodeGroup:NodeGroup": row(240, "typical", SOURCES.managedNodeGroup, "managed node group: EC2 launch, join, ACTIVE"),
    "aws:eks/addon:Addon": row(60, "typical", SOURCES.addons, "managed add-on to ACTIVE (needs nodes for its pods)"),
    "aws:eks/podIdentityAssociation:PodIdentityAssociation": row(3, "estimate", SOURCES.apiCall, "one API call"),
    "aws:eks/accessEntry:AccessEntry": row(3, "estimate", SOURCES.apiCall, "one API call"),
    "aws:eks/accessPolicyAssociation:AccessPolicyAssociation": row(3, "estimate", SOURCES.apiCall, "one API call"),
    "aws:ec2/natGateway:NatGateway": row(120, "typical", SOURCES.natGateway, "pending -> available; Terraform allows 10 min"),
    "aws:ec2/vpc:Vpc": row(5, "typical", SOURCES.vpc, "VPC available"),
    "aws:ec2/subnet:Subnet": row(5, "typical", SOURCES.vpc, "subnet available"),
    "aws:ec2/eip:Eip": row(2, "estimate", SOURCES.apiCall, "address allocation"),
    "aws:ec2/internetGateway:InternetGateway": row(3, "estimate", SOURCES.apiCall, "create and attach"),
    "aws:ec2/routeTable:RouteTable": row(3, "estimate", SOURCES.apiCall, "one API call"),
    "aws:ec2/route:Route": row(2, "estimate", SOURCES.apiCall, "one API call"),
    "aws:ec2/routeTableAssociation:RouteTableAssociation": row(2, "estimate", SOURCES.apiCall, "one API call"),
    "aws:ec2/securityGroup:SecurityGroup": row(4, "estimate", SOURCES.apiCall, "create, then revoke default egress"),
    "aws:ec2/securityGroupRule:SecurityGroupRule": row(2, "estimate", SOURCES.apiCall, "one API call"),
    "aws:ec2/launchTemplate:LaunchTemplate": row(2, "estimate", SOURCES.apiCall, "one API call"),
    "aws:ec2/flowLog:FlowLog": row(3, "estimate", SOURCES.apiCall, "one API call"),
    "aws:kms/key:Key": row(10, "typical", SOURCES.kms, "key creation plus the provider's propagation wait"),
    "aws:kms/alias:Alias": row(2, "estimate", SOURCES.apiCall, "one API call"),
    "aws:iam/role:Role": row(5, "typical", SOURCES.iamConsistency, "create, then the provider waits for IAM propagation"),
    "aws:iam/rolePolicy:RolePolicy": row(2, "estimate", SOURCES.apiCall, "one API call"),
    "aws:iam/policy:Policy": row(3, "estimate", SOURCES.apiCall, "one API call"),
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": row(2, "estimate", SOURCES.apiCall, "one API call"),
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider": row(3, "estimate", SOURCES.apiCall, "one API call"),
    "aws:cloudwatch/logGroup:LogGroup": row(2, "estimate", SOURCES.apiCall, "one API call"),
    "aws:cloudwatch/eventRule:EventRule": row(3, "estimate", SOURCES.apiCall, "one API call"),
    "aws:cloudwatch/eventTarget:EventTarget": row(2, "estimate", SOURCES.apiCall, "one API call"),
    "aws:sqs/queue:Queue": row(25, "typical", SOURCES.sqs, "the provider waits until the queue's attributes read back"),
    "aws:sqs/queuePolicy:QueuePolicy": row(5, "typical", SOURCES.sqs, "the provider waits until the policy reads back"),
    "aws:ecr/repository:Repository": row(2, "estimate", SOURCES.apiCall, "one API call"),
    "aws:ecr/lifecyclePolicy:LifecyclePolicy": row(2, "estimate", SOURCES.apiCall, "one API call"),
    "aws:ecr/repositoryPolicy:RepositoryPolicy": row(2, "estimate", SOURCES.apiCall, "one API call"),
    "aws:route53/record:Record": row(45, "typical", SOURCES.route53, "the provider waits for INSYNC"),
    "aws:secretsmanager/secret:Secret": row(2, "estimate", SOURCES.apiCall, "one API call"),
    "aws:secretsmanager/secretVersion:SecretVersion": row(2, "estimate", SOURCES.apiCall, "one API call"),
    "random:index/randomPassword:RandomPassword": row(0, "estimate", SOURCES.apiCall, "computed locally"),
    "kubernetes:helm.sh/v3:Release": row(90, "typical", SOURCES.helmRelease, "install and wait for Deployments to be ready"),
    "kubernetes:apps/v1:Deployment": row(60, "typical", SOURCES.kubernetesApi, "waits for the rollout"),
    "kubernetes:core/v1:Service": row(5, "typical", SOURCES.kubernetesApi, "ClusterIP: ready once it has endpoints"),
    // Load balancing (AWS Load Balancer Controller, ALB ingress group).
    "aws:acm/certificate:Certificate": row(5, "estimate", SOURCES.apiCall, "RequestCertificate or ImportCertificate: one API call; validation is the next resource"),
    "aws:acm/certificateValidation:CertificateValidation": row(
        180,
        "typical",
        { title: "AWS Certificate Manager User Guide: DNS validation (issued within minutes once the CNAME resolves)", url: "https://docs.aws.amazon.com/acm/latest/userguide/dns-validation.html" },
        "waits for ACM to issue",
    ),
    "aws:wafv2/webAcl:WebAcl": row(5, "estimate", SOURCES.apiCall, "one API call"),
    "kubernetes:networking.k8s.io/v1:Ingress": row(
        180,
        "typical",
        { title: "Elastic Load Balancing: Application Load Balancers (state provisioning -> active)", url: "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html" },
        "waits for the controller's ALB to report its address",
    ),
    "aws:eks/fargateProfile:FargateProfile": row(150, "typical", SOURCES.fargateProfile, "Fargate profile CREATING -> ACTIVE"),
    "aws:ec2clientvpn/endpoint:Endpoint": row(30, "typical", SOURCES.clientVpn, "endpoint pending-associate"),
    "aws:ec2clientvpn/networkAssociation:NetworkAssociation": row(300, "typical", SOURCES.clientVpn, "subnet association associating -> associated"),
    "aws:ec2clientvpn/authorizationRule:AuthorizationRule": row(10, "typical", SOURCES.clientVpn, "authorizing -> active"),
    "tls:index/privateKey:PrivateKey": row(0, "estimate", SOURCES.local, "generated locally"),
    "tls:index/selfSignedCert:SelfSignedCert": row(0, "estimate", SOURCES.local, "signed locally"),
    "tls:index/certRequest:CertRequest": row(0, "estimate", SOURCES.local, "computed locally"),
    "tls:index/locallySignedCert:LocallySignedCert": row(0, "estimate", SOURCES.local, "signed locally"),
};

/** Added to a Helm release whose pods run on Fargate: each pod waits for its own micro-VM. */
export const FARGATE_POD_START = row(60, "typical", SOURCES.fargatePod, "Fargate provisions a micro-VM per pod before it starts");

/** Helm releases whose chart puts a Service of type LoadBalancer in front: the release waits for the NLB. */
export const LOAD_BALANCED_CHARTS: ReadonlySet<string> = new Set(["traefik"]);

/** The chart's own name, whether given bare (`traefik`), from a repo (`traefik/traefik`) or as an OCI URL. */
export function chartName(chart: unknown): string {
    return String(chart ?? "").split("/").pop() ?? "";
}

export const NLB_PROVISIONING = row(180, "typical", SOURCES.nlb, "NLB provisioning -> active, waited on by the release");

/** Anything else: Kubernetes objects the API server accepts at once, and unlisted AWS calls. */
export const DEFAULT_CREATION_TIME = row(2, "estimate", SOURCES.apiCall, "not in the table: one API call");

/** Creation time of one recorded (non-remote) resource. */
export function creationTime(type: string, inputs: Record<string, unknown>): CreationTime {
    if (type === "kubernetes:helm.sh/v3:Release" && LOAD_BALANCED_CHARTS.has(chartName(inputs["chart"]))) {
        const helm = CREATION_TIMES[type]!;
        return { ...helm, seconds: helm.seconds + NLB_PROVISIONING.seconds, note: `${helm.note}, plus ${NLB_PROVISIONING.note}` };
    }
    if (type.startsWith("pulumi:providers:")) return row(0, "estimate", SOURCES.apiCall, "provider configuration, nothing created");
    return CREATION_TIMES[type] ?? DEFAULT_CREATION_TIME;
}
