/**
 * What the load-balancing rules read: the AWS Load Balancer Controller's chart values and the
 * ALB Ingress annotations it honours (chart and docs at v3.5.0).
 */
import { chartName } from "./kubernetes.js";
import { objectAt } from "./values.js";

export const LBC_CHART = "aws-load-balancer-controller";
export const ALB_LOAD_BALANCER_TYPES = ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"] as const;
export const LISTENER_TYPES = ["aws:lb/listener:Listener", "aws:alb/listener:Listener"] as const;

/** The controller's values when this release installs its chart, else undefined. Reads through the proxy. */
export function controllerValues(props: Record<string, any>): Record<string, any> | undefined {
    if (chartName(props["chart"]) !== LBC_CHART) return undefined;
    return objectAt(props, "values") ?? {};
}

/** The IngressClassParams spec the chart creates, when it creates one. */
export function ingressClassParamsSpec(values: Record<string, any>): Record<string, any> | undefined {
    if (values["createIngressClassResource"] === false) return undefined;
    const params = objectAt(values, "ingressClassParams");
    if (params?.["create"] === false) return undefined;
    return objectAt(params, "spec");
}

/** An Ingress's annotations and name, for messages. */
export function ingressAnnotations(props: Record<string, any>): { name: string; annotations: Record<string, unknown> } {
    const metadata = objectAt(props, "metadata");
    return { name: String(metadata?.["name"] ?? "(unnamed)"), annotations: objectAt(metadata, "annotations") ?? {} };
}
