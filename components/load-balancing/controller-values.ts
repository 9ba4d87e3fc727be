import type * as pulumi from "@pulumi/pulumi";
import { ALB_INGRESS_CLASS, type ModernTlsPolicy } from "../../domain/load-balancing.js";
import { SYSTEM_NODE_LABEL, SYSTEM_NODE_TAINT } from "../cluster/system-nodes.js";

export const LBC_NAMESPACE = "kube-system";
/** The Helm release name; the chart names its Deployment, ServiceAccount and webhooks after it. */
export const LBC_RELEASE = "aws-load-balancer-controller";
/** The ServiceAccount the chart creates, the subject of the Pod Identity association. */
export const LBC_SERVICE_ACCOUNT = "aws-load-balancer-controller";

/** A key/value pair as IngressClassParams lists attributes and tags. */
export interface KeyValue {
    readonly key: string;
    readonly value: string;
}

/**
 * `spec` of the `elbv2.k8s.aws/v1beta1` IngressClassParams the chart creates, typed after the
 * CRD in the chart's `crds/crds.yaml` at v3.5.0 (fields used here only). Fields set here
 * override the matching Ingress annotations for every Ingress of the class.
 */
export interface IngressClassParamsSpec {
    readonly scheme: "internet-facing" | "internal";
    readonly group: { readonly name: string };
    readonly certificateArn: pulumi.Input<string>[];
    readonly sslPolicy: ModernTlsPolicy;
    readonly sslRedirectPort: string;
    readonly targetType: "ip" | "instance";
    readonly ipAddressType: "ipv4" | "dualstack" | "dualstack-without-public-ipv4";
    readonly loadBalancerAttributes: KeyValue[];
    readonly wafv2AclArn?: pulumi.Input<string>;
}

/**
 * The values this platform sets on the aws-load-balancer-controller chart, typed after its
 * `values.yaml` at v3.5.0 (the chart has no values.schema.json; tests pin the key paths).
 */
export interface LoadBalancerControllerValues {
    readonly clusterName: string;
    readonly region: string;
    readonly vpcId: pulumi.Input<string>;
    readonly replicaCount: number;
    readonly podDisruptionBudget: { readonly maxUnavailable: number };
    readonly serviceAccount: { readonly create: boolean; readonly name: string };
    readonly resources: { readonly requests: Record<string, string>; readonly limits: Record<string, string> };
    readonly nodeSelector: Record<string, string>;
    readonly tolerations: { key: string; operator: "Exists"; effect: "NoSchedule" }[];
    readonly defaultTargetType: "ip" | "instance";
    readonly defaultSSLPolicy: ModernTlsPolicy;
    readonly defaultTags: Record<string, string>;
    readonly ingressClass: string;
    readonly createIngressClassResource: boolean;
    readonly ingressClassParams: { readonly create: boolean; readonly name: string; readonly spec?: IngressClassParamsSpec };
}

export interface ControllerValuesOptions {
    readonly clusterName: string;
    readonly region: string;
    readonly vpcId: pulumi.Input<string>;
    readonly replicas: number;
    readonly sslPolicy: ModernTlsPolicy;
    /** Tags on every load balancer, target group and security group the controller creates. */
    readonly tags: Record<string, string>;
    /** The ALB ingress group; without it the chart creates no IngressClass. */
    readonly albGroup?: { readonly name: string; readonly certificateArn: pulumi.Input<string>; readonly webAclArn?: pulumi.Input<string> };
}

/** The IngressClassParams of the platform's `alb` class: one internet-facing ALB for the whole group. */
export function albIngressClassParams(
    group: NonNullable<ControllerValuesOptions["albGroup"]>,
    sslPolicy: ModernTlsPolicy,
): IngressClassParamsSpec {
    return {
        scheme: "internet-facing",
        group: { name: group.name },
        certificateArn: [group.certificateArn],
        sslPolicy,
        // Every HTTP listener of the group answers with a redirect to 443 (annotations guide, ssl-redirect).
        sslRedirectPort: "443",
        // Pod IPs behind the ALB: no NodePort hop, and health checks see the pods themselves.
        targetType: "ip",
        ipAddressType: "ipv4",
        // Requests with malformed header names are dropped at the ALB instead of reaching pods (request smuggling).
        loadBalancerAttributes: [{ key: "routing.http.drop_invalid_header_fields.enabled", value: "true" }],
        ...(group.webAclArn !== undefined && { wafv2AclArn: group.webAclArn }),
    };
}

export function loadBalancerControllerValues(options: ControllerValuesOptions): LoadBalancerControllerValues {
    return {
        // Set explicitly: the system nodes' IMDS hop limit is 1, so the pod cannot ask IMDS for them.
        clusterName: options.clusterName,
        region: options.region,
        vpcId: options.vpcId,
        replicaCount: options.replicas,
        podDisruptionBudget: { maxUnavailable: 1 },
        serviceAccount: { create: true, name: LBC_SERVICE_ACCOUNT },
        resources: { requests: { cpu: "50m", memory: "128Mi" }, limits: { memory: "256Mi" } },
        // On the system nodes: the controller must run before any Karpenter node exists, since
        // Traefik's Service (and its webhook call) comes before the workloads that need nodes.
        nodeSelector: { [SYSTEM_NODE_LABEL.key]: SYSTEM_NODE_LABEL.value },
        tolerations: [{ key: SYSTEM_NODE_TAINT.key, operator: "Exists", effect: "NoSchedule" }],
        defaultTargetType: "ip",
        defaultSSLPolicy: options.sslPolicy,
        defaultTags: options.tags,
        ingressClass: ALB_INGRESS_CLASS,
        createIngressClassResource: options.albGroup !== undefined,
        ingressClassParams: options.albGroup
            ? { create: true, name: ALB_INGRESS_CLASS, spec: albIngressClassParams(options.albGroup, options.sslPolicy) }
            : { create: false, name: ALB_INGRESS_CLASS },
    };
}
