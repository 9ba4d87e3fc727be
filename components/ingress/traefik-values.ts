import type { PodDisruptionBudgetValues, ResourceRequirements } from "./cert-manager-values.js";
import { onKarpenterNodes, spreadOverZones, type NodeAffinity, type TopologySpreadConstraint } from "./scheduling.js";

export const TRAEFIK_NAMESPACE = "traefik";
/** The Helm release name; the chart names its Deployment and LoadBalancer Service after it. */
export const TRAEFIK_RELEASE = "traefik";
export const TRAEFIK_INGRESS_CLASS = "traefik";

/**
 * Annotations for an internet-facing Network Load Balancer, read by the AWS cloud provider's
 * service controller, which EKS runs for `type: LoadBalancer` Services when the AWS Load
 * Balancer Controller is not installed (this platform does not install it). That controller
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
            readonly http: {
                readonly redirections: {
                    readonly entryPoint: { readonly to: string; readonly scheme: "https"; readonly permanent: boolean };
                };
            };
        };
        readonly websecure: { readonly http: { readonly tls: { readonly enabled: boolean } } };
    };
    readonly service: {
        readonly annotations: Record<string, string>;
        readonly spec: { readonly type: "LoadBalancer" };
    };
    readonly global: { readonly checkNewVersion: boolean; readonly sendAnonymousUsage: boolean };
}

export interface TraefikValuesOptions {
    /** Traefik replicas. @default 2 */
    readonly replicas?: number;
}

export function traefikValues(options: TraefikValuesOptions = {}): TraefikValues {
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
            web: { http: { redirections: { entryPoint: { to: "websecure", scheme: "https", permanent: true } } } },
            websecure: { http: { tls: { enabled: true } } },
        },
        service: { annotations: { ...NLB_SERVICE_ANNOTATIONS }, spec: { type: "LoadBalancer" } },
        global: { checkNewVersion: false, sendAnonymousUsage: false },
    };
}
