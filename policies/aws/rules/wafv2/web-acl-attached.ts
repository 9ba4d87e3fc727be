import { controllerValues, ingressClassParamsSpec } from "../../../lib/load-balancing.js";
import { resourceRule } from "../../../lib/rule.js";
import { T } from "../../../lib/types.js";
import { isSet, peek } from "../../../lib/values.js";

export const awsWafv2WebAclAttached = resourceRule({
    name: "aws-wafv2-web-acl-attached",
    description: "The internet-facing ALB ingress group carries a WAFv2 web ACL (IngressClassParams wafv2AclArn or wafv2AclName), which the controller associates with its ALB.",
    severity: "high",
    enforcementLevel: "mandatory",
    resourceTypes: [T.helmRelease],
    validate: (props, _args, report) => {
        const values = controllerValues(props);
        const spec = values && ingressClassParamsSpec(values);
        if (!spec || spec["scheme"] !== "internet-facing") return;
        const named = (key: string) => isSet(spec, key) && peek(spec, key) !== "none";
        if (!named("wafv2AclArn") && !named("wafv2AclName")) {
            report(
                "The internet-facing alb ingress group has no WAF web ACL: set loadBalancing.albGroup.waf to true (ingressClassParams.spec.wafv2AclArn).",
            );
        }
    },
});
