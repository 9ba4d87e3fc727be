/**
 * Load-balancing facts shared by the config schema, the components and the policy rules.
 */

/**
 * ELB security policies this platform accepts on HTTPS listeners: TLS 1.3 with 1.2 as the
 * floor, forward-secret ciphers only (the "TLS13" family of the ELB security policy table;
 * `ELBSecurityPolicy-TLS13-1-2-2021-06` is what the console proposes by default). Everything
 * older (`ELBSecurityPolicy-2016-08`, the LBC's default, still accepts TLS 1.0) is refused.
 */
export const MODERN_TLS_POLICIES = [
    "ELBSecurityPolicy-TLS13-1-2-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06",
    "ELBSecurityPolicy-TLS13-1-3-2021-06",
] as const;
export type ModernTlsPolicy = (typeof MODERN_TLS_POLICIES)[number];

/** The IngressClass the AWS Load Balancer Controller serves (its chart's `ingressClass`). */
export const ALB_INGRESS_CLASS = "alb";

/** The controller name an `alb` IngressClass points at (chart template `ingressclass.yaml`). */
export const ALB_INGRESS_CONTROLLER = "ingress.k8s.aws/alb";

/** The `loadBalancerClass` the controller reconciles Services of (its service mutator webhook sets it). */
export const NLB_LOAD_BALANCER_CLASS = "service.k8s.aws/nlb";

/**
 * An ingress group name as the controller accepts it (annotations guide, `group.name`): lower
 * case alphanumerics, `-` or `.`, starting and ending with an alphanumeric, at most 63 characters.
 */
export const INGRESS_GROUP_NAME = /^(?=.{1,63}$)[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/;

/** Ingress annotations the controller reads (docs/guide/ingress/annotations.md at v3.5.0). */
export const ALB_ANNOTATIONS = {
    scheme: "alb.ingress.kubernetes.io/scheme",
    groupName: "alb.ingress.kubernetes.io/group.name",
    sslPolicy: "alb.ingress.kubernetes.io/ssl-policy",
    targetType: "alb.ingress.kubernetes.io/target-type",
    healthcheckPath: "alb.ingress.kubernetes.io/healthcheck-path",
    listenPorts: "alb.ingress.kubernetes.io/listen-ports",
} as const;
