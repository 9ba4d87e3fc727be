import { MODERN_TLS_POLICIES } from "../../../../domain/load-balancing.js";
import { controllerValues, ingressAnnotations, ingressClassParamsSpec, LISTENER_TYPES } from "../../../lib/load-balancing.js";
import { resourceRule } from "../../../lib/rule.js";
import { T } from "../../../lib/types.js";
import { isUnknown, peek } from "../../../lib/values.js";

const MODERN: readonly string[] = MODERN_TLS_POLICIES;
const FIX = `use one of ${MODERN_TLS_POLICIES.join(", ")}`;

function problem(policy: unknown): string | undefined {
    if (isUnknown(policy)) return undefined;
    if (typeof policy !== "string" || policy === "") return "is not set, so ELBSecurityPolicy-2016-08 (TLS 1.0 and 1.1) applies";
    return MODERN.includes(policy) ? undefined : `is ${policy}`;
}

export const awsElbHttpsModernTlsPolicy = resourceRule({
    name: "aws-elb-https-modern-tls-policy",
    description: "HTTPS and TLS listeners use a TLS 1.3 security policy with TLS 1.2 as the floor (the ELBSecurityPolicy-TLS13 family).",
    severity: "high",
    enforcementLevel: "mandatory",
    resourceTypes: [T.helmRelease, T.ingress, ...LISTENER_TYPES],
    validate: (props, args, report) => {
        if (args.type === T.helmRelease) {
            const values = controllerValues(props);
            if (!values) return;
            const defaultProblem = problem(values["defaultSSLPolicy"]);
            if (defaultProblem) report(`The controller's defaultSSLPolicy ${defaultProblem}: ${FIX}.`);
            const spec = ingressClassParamsSpec(values);
            if (spec && spec["sslPolicy"] !== undefined) {
                const paramsProblem = problem(spec["sslPolicy"]);
                if (paramsProblem) report(`The alb IngressClassParams' sslPolicy ${paramsProblem}: ${FIX}.`);
            }
            return;
        }
        if (args.type === T.ingress) {
            const { name, annotations } = ingressAnnotations(props);
            const policy = annotations["alb.ingress.kubernetes.io/ssl-policy"];
            const annotationProblem = policy === undefined ? undefined : problem(policy);
            if (annotationProblem) report(`Ingress ${name}'s alb.ingress.kubernetes.io/ssl-policy ${annotationProblem}: ${FIX}.`);
            return;
        }
        const protocol = peek(props, "protocol");
        if (protocol !== "HTTPS" && protocol !== "TLS") return;
        const listenerProblem = problem(peek(props, "sslPolicy"));
        if (listenerProblem) report(`The ${String(protocol)} listener's sslPolicy ${listenerProblem}: ${FIX}.`);
    },
});
