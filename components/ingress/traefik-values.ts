import { NLB_LOAD_BALANCER_CLASS } from "../../domain/load-balancing.js";
import type { PodDisruptionBudgetValues, ResourceRequirements } from "./cert-manager-values.js";
import { onKarpenterNodes, spreadOverZones, type NodeAffinity, type TopologySpreadConstraint } from "./scheduling.js";

export const TRAEFIK_NAMESPACE = "traefik";
/** The Helm release name; the chart names its Deployment and LoadBalancer Service after it. */
export const TRAEFIK_RELEASE = "traefik";
export const TRAEFIK_INGRESS_CLASS = "traefik";

/**
 * Annotations for an internet-facing Network Load Balancer, read by the AWS cloud provider's
 * service controller, which EKS runs for `type: LoadBalancer` Services when the AWS Load
 * Balancer Controller is not installed (`loadBalancing.controller.enabled: false`). That controller
 * creates an NLB with instance targets (node ports), in the subnets tagged
 * `kubernetes.io/role/elb=1` (the public ones), internet-facing unless
 * `aws-load-balancer-internal` says otherwise.
 *
 * With the AWS Load Balancer Controller the set differs: `aws-load-balancer-type: external`
 * (which is also what makes the cloud provider ignore the Service), plus
 * `aws-load-balancer-nlb-target-type: ip` and `aws-load-balancer-scheme: internet-facing`
 * (the LBC defaults to internal), and cross-zone moves to
 * `aws-load-balancer-attributes: load_balancing.cross_zone.enabled=true`. The type annotation
 * must not change on an existing Service: switch controllers by replacing the Service.
 */
export const NLB_SERVICE_ANNOTATIONS = {
    "service.beta.kubernetes.io/aws-load-balancer-type": "nlb",
    // Without it each NLB node only reaches targets in its own AZ; a zone with no Traefik pod would drop traffic.
    "service.beta.kubernetes.io/aws-load-balancer-cross-zone-load-balancing-enabled": "true",
} as const;

/**
 * Annotations for the NLB the AWS Load Balancer Controller builds for Traefik (service
 * annotations guide, v3.5.0): internet-facing (the controller's default is internal), pod IPs as
 * targets, cross-zone, and proxy protocol v2 on the target groups.
 *
 * Client IPs are kept by proxy protocol v2, not by the `preserve_client_ip.enabled` target-group
 * attribute. With ip targets, preserving the source address breaks hairpinning (a pod reaching
 * Traefik through the NLB from a node that hosts the chosen Traefik pod is dropped as a
 * connection to itself), and the real client address would have to be admitted by the node
 * security groups; proxy protocol keeps NLB-sourced packets and hands Traefik the client
 * address in a header it trusts only from the VPC's addresses (the NLB's nodes).
 */
export const LBC_NLB_SERVICE_ANNOTATIONS = {
    "service.beta.kubernetes.io/aws-load-balancer-type": "external",
    "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type": "ip",
    "service.beta.kubernetes.io/aws-load-balancer-scheme": "internet-facing",
    "service.beta.kubernetes.io/aws-load-balancer-proxy-protocol": "*",
    "service.beta.kubernetes.io/aws-load-balancer-attributes": "load_balancing.cross_zone.enabled=true",
} as const;

/** Who builds Traefik's NLB: the in-tree cloud provider, or the AWS Load Balancer Controller. */
export type TraefikLoadBalancer = { readonly kind: "in-tree" } | { readonly kind: "controller"; readonly vpcCidr: string };

/** Pod labels the chart puts on Traefik's pods (`traefik.labelselector` in its helpers). */
export function traefikPodLabels(): Record<string, string> {
    return { "app.kubernetes.io/name": "traefik", "app.kubernetes.io/instance": `${TRAEFIK_RELEASE}-${TRAEFIK_NAMESPACE}` };
}

/**
 * The values this platform sets on the Traefik chart, typed after its 41.x values schema
 * (which rejects unknown keys). Chart 39 moved entry-point options under `http` and chart 40
 * moved Service fields under `service.spec`; the shapes here are the 41.x ones.
 */
export interface TraefikValues {
    readonly deployment: { readonly replicas: number };
    readonly podDisruptionBudget: PodDisruptionBudgetValues;
    readonly resources: ResourceRequirements;
    readonly affinity: NodeAffinity;
    readonly topologySpreadConstraints: TopologySpreadConstraint[];
    readonly ingressClass: { readonly enabled: boolean; readonly isDefaultClass: boolean; readonly name: string };
    readonly api: { readonly dashboard: boolean };
    readonly ingressRoute: { readonly dashboard: { readonly enabled: boolean } };
    readonly ports: {
        readonly traefik: { readonly expose: { readonly default: boolean } };
        readonly web: {
            readonly proxyProtocol?: ProxyProtocol;
            readonly http: {
                readonly redirections: {
                    readonly entryPoint: { readonly to: string; readonly scheme: "https"; readonly permanent: boolean };
                };
            };
        };
        readonly websecure: { readonly proxyProtocol?: ProxyProtocol; readonly http: { readonly tls: { readonly enabled: boolean } } };
    };
    readonly service: {
        readonly annotations: Record<string, string>;
        readonly spec: { readonly type: "LoadBalancer"; readonly loadBalancerClass?: string };
    };
    readonly global: { readonly checkNewVersion: boolean; readonly sendAnonymousUsage: boolean };
}

/** An entry point's proxy protocol settings (chart `ports.<name>.proxyProtocol`). */
export interface ProxyProtocol {
    readonly trustedIPs: string[];
}

export interface TraefikValuesOptions {
    /** Traefik replicas. @default 2 */
    readonly replicas?: number;
    /** Who builds the NLB. @default { kind: "in-tree" } */
    readonly loadBalancer?: TraefikLoadBalancer;
}

export function traefikValues(options: TraefikValuesOptions = {}): TraefikValues {
    const lb = options.loadBalancer ?? { kind: "in-tree" };
    // Headers are read only from the VPC: anyone else could claim any client address.
    const proxyProtocol = lb.kind === "controller" ? { proxyProtocol: { trustedIPs: [lb.vpcCidr] } } : {};
    return {
        deployment: { replicas: options.replicas ?? 2 },
        podDisruptionBudget: { enabled: true, maxUnavailable: 1 },
        // A memory limit also sets GOMEMLIMIT (the chart derives it); no CPU limit, which would throttle bursts.
        resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "512Mi" } },
        affinity: onKarpenterNodes(),
        topologySpreadConstraints: spreadOverZones(traefikPodLabels()),
        ingressClass: { enabled: true, isDefaultClass: true, name: TRAEFIK_INGRESS_CLASS },
        // The dashboard is served only through the authenticated IngressRoute of TraefikDashboard;
        // the chart's own route (on the unauthenticated traefik entry point) stays off, and the
        // API is never started with --api.insecure.
        api: { dashboard: true },
        ingressRoute: { dashboard: { enabled: false } },
        ports: {
            traefik: { expose: { default: false } },
            web: { ...proxyProtocol, http: { redirections: { entryPoint: { to: "websecure", scheme: "https", permanent: true } } } },
            websecure: { ...proxyProtocol, http: { tls: { enabled: true } } },
        },
        service:
            lb.kind === "controller"
                ? { annotations: { ...LBC_NLB_SERVICE_ANNOTATIONS }, spec: { type: "LoadBalancer", loadBalancerClass: NLB_LOAD_BALANCER_CLASS } }
                : { annotations: { ...NLB_SERVICE_ANNOTATIONS }, spec: { type: "LoadBalancer" } },
        global: { checkNewVersion: false, sendAnonymousUsage: false },
    };
}
