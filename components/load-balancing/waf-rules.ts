import type * as aws from "@pulumi/aws";

/**
 * The AWS managed rule groups of the ALB group's web ACL: a typed table, pinned in tests.
 * Both are in the AWS WAF "baseline" and "use-case" managed rule group lists and carry no
 * subscription fee (each is billed as one rule); together they cost 1,400 of the 5,000 WCUs
 * a web ACL may use (Common 700, KnownBadInputs 200; IP reputation 25).
 */
export const MANAGED_RULE_GROUPS = [
    // OWASP-style protections: bad bots' user agents, oversized bodies, XSS, LFI/RFI, SSRF on EC2 metadata.
    { name: "AWSManagedRulesCommonRuleSet", metric: "common" },
    // Request patterns known to exploit vulnerabilities (Log4j/Log4Shell, Java deserialization, localhost Host headers).
    { name: "AWSManagedRulesKnownBadInputsRuleSet", metric: "known-bad-inputs" },
    // Sources Amazon threat intelligence flags (bots, reconnaissance, DDoS participants).
    { name: "AWSManagedRulesAmazonIpReputationList", metric: "ip-reputation" },
] as const;

/** Web ACL rules: each managed group in priority order, its own actions kept (`overrideAction: none`). */
export function managedRules(metricPrefix: string): aws.types.input.wafv2.WebAclRule[] {
    return MANAGED_RULE_GROUPS.map((group, priority) => ({
        name: group.name,
        priority,
        overrideAction: { none: {} },
        statement: { managedRuleGroupStatement: { vendorName: "AWS", name: group.name } },
        visibilityConfig: { cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: `${metricPrefix}-${group.metric}` },
    }));
}
