import { ALB_LOAD_BALANCER_TYPES, controllerValues, ingressAnnotations, ingressClassParamsSpec } from "../../../lib/load-balancing.js";
import { resourceRule } from "../../../lib/rule.js";
import { T } from "../../../lib/types.js";
import { isTrue, peek } from "../../../lib/values.js";

export const awsElbAlbInternetFacingThroughGroup = resourceRule({
    name: "aws-elb-alb-internet-facing-through-group",
    description:
        "ALBs face the internet only through the platform's ingress group: the alb IngressClass sets the scheme together with a group, no Ingress asks for internet-facing by annotation, and no ALB is built outside the controller.",
    severity: "high",
    enforcementLevel: "mandatory",
    resourceTypes: [T.helmRelease, T.ingress, ...ALB_LOAD_BALANCER_TYPES],
    validate: (props, args, report) => {
        if (args.type === T.helmRelease) {
            const values = controllerValues(props);
            const spec = values && ingressClassParamsSpec(values);
            if (spec?.["scheme"] === "internet-facing" && typeof spec["group"]?.["name"] !== "string") {
                report(
                    "The alb IngressClassParams make every Ingress internet-facing but set no group, so each Ingress gets an ALB of its own: set ingressClassParams.spec.group.name.",
                );
            }
            return;
        }
        if (args.type === T.ingress) {
            const { name, annotations } = ingressAnnotations(props);
            if (annotations["alb.ingress.kubernetes.io/scheme"] === "internet-facing") {
                report(
                    `Ingress ${name} asks for an internet-facing ALB by annotation: remove alb.ingress.kubernetes.io/scheme and use ingressClassName alb, whose ingress group sets the scheme.`,
                );
            }
            return;
        }
        const type = peek(props, "loadBalancerType");
        if ((type === undefined || type === "application") && !isTrue(peek(props, "internal"))) {
            report("An internet-facing ALB is built outside the ingress group: set internal to true, or serve it through an Ingress of class alb.");
        }
    },
});
