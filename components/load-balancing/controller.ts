import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ModernTlsPolicy } from "../../domain/load-balancing.js";
import { AWS_LOAD_BALANCER_CONTROLLER_CHART } from "../../domain/versions.js";
import type { AwsContext } from "../aws-context.js";
import { podIdentityTrustPolicy } from "../cluster/iam.js";
import { loadBalancerControllerPolicy } from "./controller-policy.js";
import { LBC_NAMESPACE, LBC_RELEASE, LBC_SERVICE_ACCOUNT, loadBalancerControllerValues, type ControllerValuesOptions } from "./controller-values.js";

export interface LoadBalancerControllerArgs {
    /** The EKS cluster name (plain config), passed to the controller as `--cluster-name`. */
    readonly clusterName: string;
    /** Any output of the created cluster, so the Pod Identity association waits for it. */
    readonly clusterReady: pulumi.Input<string>;
    /** The cluster's Kubernetes provider. */
    readonly provider: k8s.Provider;
    /** The system node group the controller runs on. */
    readonly systemNodes: pulumi.Resource;
    /** The cluster's VPC (`--aws-vpc-id`). */
    readonly vpcId: pulumi.Input<string>;
    /** Region, account and partition. */
    readonly aws: AwsContext;
    /** HTTPS security policy of the ALB group and the controller's default. */
    readonly sslPolicy: ModernTlsPolicy;
    /** The ALB ingress group (certificate, web ACL); without it no `alb` IngressClass is created. @default undefined */
    readonly albGroup?: ControllerValuesOptions["albGroup"];
    /** Controller replicas. @default 2 */
    readonly replicas?: number;
    /** Tags for the IAM resources and everything the controller creates in AWS. @default {} */
    readonly tags?: Record<string, string>;
}

export const LOAD_BALANCER_CONTROLLER_DEFAULTS = { replicas: 2, tags: {} as Record<string, string> };

/**
 * The AWS Load Balancer Controller: its IAM role (upstream's policy, through EKS Pod Identity),
 * the chart on the system nodes, and with an ALB group the `alb` IngressClass and its
 * IngressClassParams. Everything that asks the controller for a load balancer (a LoadBalancer
 * Service, an Ingress of class `alb`) must depend on `release`, so that `pulumi destroy`
 * deletes it, and the controller removes its ALB/NLB, target groups and security groups,
 * while the controller still runs.
 */
export class LoadBalancerController extends pulumi.ComponentResource {
    readonly role: aws.iam.Role;
    readonly association: aws.eks.PodIdentityAssociation;
    readonly release: k8s.helm.v3.Release;

    constructor(name: string, args: LoadBalancerControllerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:load-balancing:LoadBalancerController", name, {}, opts);
        const { replicas, tags } = { ...LOAD_BALANCER_CONTROLLER_DEFAULTS, ...args };

        this.role = new aws.iam.Role(
            `${name}-role`,
            {
                description: `AWS Load Balancer Controller of EKS cluster ${args.clusterName}`,
                assumeRolePolicy: pulumi.jsonStringify(podIdentityTrustPolicy(args.aws, args.clusterName, LBC_NAMESPACE, LBC_SERVICE_ACCOUNT)),
                tags,
            },
            { parent: this },
        );
        const policy = new aws.iam.RolePolicy(
            `${name}-policy`,
            { role: this.role.name, policy: pulumi.jsonStringify(loadBalancerControllerPolicy(args.aws)) },
            { parent: this },
        );
        this.association = new aws.eks.PodIdentityAssociation(
            `${name}-association`,
            {
                clusterName: pulumi.output(args.clusterReady).apply(() => args.clusterName),
                namespace: LBC_NAMESPACE,
                serviceAccount: LBC_SERVICE_ACCOUNT,
                roleArn: this.role.arn,
                tags,
            },
            // A controller started before its policy is attached fails its first reconciles.
            { parent: this, dependsOn: [policy] },
        );

        this.release = new k8s.helm.v3.Release(
            `${name}-chart`,
            {
                name: LBC_RELEASE,
                chart: AWS_LOAD_BALANCER_CONTROLLER_CHART.chart,
                version: AWS_LOAD_BALANCER_CONTROLLER_CHART.version,
                repositoryOpts: { repo: AWS_LOAD_BALANCER_CONTROLLER_CHART.repo },
                namespace: LBC_NAMESPACE,
                values: loadBalancerControllerValues({
                    clusterName: args.clusterName,
                    region: args.aws.region,
                    vpcId: args.vpcId,
                    replicas,
                    sslPolicy: args.sslPolicy,
                    tags,
                    albGroup: args.albGroup,
                }),
                // Its webhooks must answer before any Service or Ingress is created after it.
                skipAwait: false,
                timeout: 600,
            },
            { parent: this, provider: args.provider, dependsOn: [this.association, args.systemNodes] },
        );

        this.registerOutputs({ roleArn: this.role.arn, status: this.release.status });
    }
}
