import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ModernTlsPolicy } from "../../domain/load-balancing.js";
import { AWS_LOAD_BALANCER_CONTROLLER_CHART } from "../../domain/versions.js";
import { LBC_NAMESPACE, LBC_RELEASE, loadBalancerControllerValues, type ControllerValuesOptions } from "./controller-values.js";
import { chartRelease } from "../helm/chart-release.js";

export interface LoadBalancerControllerArgs {
    /** The EKS cluster name (plain config), passed to the controller as `--cluster-name`. */
    readonly clusterName: string;
    /** The cluster's Kubernetes provider. */
    readonly provider: k8s.Provider;
    /** The system node group the controller runs on. */
    readonly systemNodes: pulumi.Resource;
    /** Its Pod Identity association (LoadBalancerControllerIam): the pods must find their role. */
    readonly podIdentity: pulumi.Resource;
    /** The cluster's VPC (`--aws-vpc-id`). */
    readonly vpcId: pulumi.Input<string>;
    /** The stack's region (`--aws-region`). */
    readonly region: string;
    /** HTTPS security policy of the ALB group and the controller's default. */
    readonly sslPolicy: ModernTlsPolicy;
    /** The ALB ingress group (certificate, web ACL); without it no `alb` IngressClass is created. @default undefined */
    readonly albGroup?: ControllerValuesOptions["albGroup"];
    /** Controller replicas. @default 2 */
    readonly replicas?: number;
    /** Tags on everything the controller creates in AWS. @default {} */
    readonly tags?: Record<string, string>;
}

export const LOAD_BALANCER_CONTROLLER_DEFAULTS = { replicas: 2, tags: {} as Record<string, string> };

/**
 * The in-cluster side of the AWS Load Balancer Controller: the chart on the system nodes, and
 * with an ALB group the `alb` IngressClass and its IngressClassParams. Everything that asks the
 * controller for a load balancer (a LoadBalancer Service, an Ingress of class `alb`) must
 * depend on `release`, so that `pulumi destroy` deletes it, and the controller removes its
 * ALB/NLB, target groups and security groups, while the controller still runs.
 */
export class LoadBalancerController extends pulumi.ComponentResource {
    readonly release: k8s.helm.v3.Release;

    constructor(name: string, args: LoadBalancerControllerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:load-balancing:LoadBalancerController", name, {}, opts);
        const { replicas, tags } = { ...LOAD_BALANCER_CONTROLLER_DEFAULTS, ...args };

        this.release = new k8s.helm.v3.Release(
            `${name}-chart`,
            chartRelease(AWS_LOAD_BALANCER_CONTROLLER_CHART, {
                name: LBC_RELEASE,
                namespace: LBC_NAMESPACE,
                values: loadBalancerControllerValues({
                    clusterName: args.clusterName,
                    region: args.region,
                    vpcId: args.vpcId,
                    replicas,
                    sslPolicy: args.sslPolicy,
                    tags,
                    albGroup: args.albGroup,
                }),
                // Its webhooks must answer before any Service or Ingress is created after it, and
                // on destroy helm waits until its objects are gone.
                skipAwait: false,
                timeout: 600,
            }),
            { parent: this, provider: args.provider, dependsOn: [args.podIdentity, args.systemNodes] },
        );

        this.registerOutputs({ status: this.release.status });
    }
}
