import { expect } from "chai";
import { LBC_NAMESPACE, LBC_SERVICE_ACCOUNT, loadBalancerControllerValues } from "../../../components/load-balancing/controller-values.js";
import { externalDnsPolicy } from "../../../components/load-balancing/external-dns-policy.js";
import { externalDnsValues } from "../../../components/load-balancing/external-dns-values.js";
import { managedRules, MANAGED_RULE_GROUPS } from "../../../components/load-balancing/waf-rules.js";
import { traefikValues } from "../../../components/ingress/traefik-values.js";
import { AWS_LOAD_BALANCER_CONTROLLER_CHART, EXTERNAL_DNS_CHART } from "../../../domain/versions.js";

/** Dotted paths of every leaf, stopping at free-form keys. */
function keyPaths(value: unknown, freeForm: string[], prefix = ""): string[] {
    if (freeForm.includes(prefix)) return [prefix];
    if (value === null || typeof value !== "object" || Array.isArray(value)) return [prefix];
    return Object.entries(value).flatMap(([key, child]) => keyPaths(child, freeForm, prefix ? `${prefix}.${key}` : key));
}

/**
 * aws-load-balancer-controller chart 3.5.0 (`kubernetes-sigs/aws-load-balancer-controller`
 * `helm/aws-load-balancer-controller/values.yaml` at tag v3.5.0; the chart has no
 * values.schema.json, so an unknown key would be silently ignored rather than rejected).
 */
const LBC_KEYS = new Set([
    "clusterName",
    "region",
    "vpcId",
    "replicaCount",
    "serviceAccount.create",
    "serviceAccount.name",
    "defaultTargetType",
    "defaultSSLPolicy",
    "ingressClass",
    "createIngressClassResource",
    "ingressClassParams.create",
    "ingressClassParams.name",
]);
const LBC_FREE_FORM = ["podDisruptionBudget", "resources", "nodeSelector", "tolerations", "defaultTags", "ingressClassParams.spec"];
/** `spec` properties of the IngressClassParams CRD (`crds/crds.yaml` at v3.5.0, v1beta1). */
const INGRESS_CLASS_PARAMS_FIELDS = new Set([
    "PrefixListsIDs", "certificateArn", "group", "inboundCIDRs", "ipAddressType", "ipamConfiguration", "listeners", "loadBalancerAttributes",
    "loadBalancerName", "minimumLoadBalancerCapacity", "namespaceSelector", "prefixListsIDs", "scheme", "sslPolicy", "sslRedirectPort",
    "subnets", "tags", "targetType", "wafv2AclArn", "wafv2AclName",
]);

/** external-dns chart 1.21.1 (`charts/external-dns/values.yaml` and `values.schema.json` at tag external-dns-helm-chart-1.21.1). */
const EXTERNAL_DNS_KEYS = new Set([
    "provider.name",
    "serviceAccount.create",
    "serviceAccount.name",
    "sources",
    "domainFilters",
    "txtOwnerId",
    "policy",
    "registry",
    "interval",
    "triggerLoopOnEvent",
    "managedRecordTypes",
]);
const EXTERNAL_DNS_FREE_FORM = ["extraArgs", "env", "resources", "nodeSelector", "tolerations"];

const group = { name: "platform", certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/abc", webAclArn: "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/x/y" };
const lbc = loadBalancerControllerValues({
    clusterName: "eks-prod",
    region: "eu-west-1",
    vpcId: "vpc-0123",
    replicas: 2,
    sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
    tags: { Stack: "prod" },
    albGroup: group,
});

describe("load-balancing chart values", () => {
    describe("aws-load-balancer-controller", () => {
        it("pins chart 3.5.0 from the eks-charts repository", () => {
            expect(AWS_LOAD_BALANCER_CONTROLLER_CHART).to.deep.equal({ repo: "https://aws.github.io/eks-charts", chart: "aws-load-balancer-controller", version: "3.5.0" });
        });

        it("sets only keys of the chart's values.yaml, and IngressClassParams fields of its CRD", () => {
            expect(keyPaths(lbc, LBC_FREE_FORM).filter((k) => !LBC_KEYS.has(k) && !LBC_FREE_FORM.includes(k))).to.deep.equal([]);
            expect(Object.keys(lbc.ingressClassParams.spec!).filter((k) => !INGRESS_CLASS_PARAMS_FIELDS.has(k))).to.deep.equal([]);
        });

        it("names cluster, region and VPC itself: IMDS is out of reach at hop limit 1", () => {
            expect({ clusterName: lbc.clusterName, region: lbc.region, vpcId: lbc.vpcId }).to.deep.equal({ clusterName: "eks-prod", region: "eu-west-1", vpcId: "vpc-0123" });
        });

        it("runs 2 replicas behind a PDB on the tainted system nodes", () => {
            expect(lbc.replicaCount).to.equal(2);
            expect(lbc.podDisruptionBudget).to.deep.equal({ maxUnavailable: 1 });
            expect(lbc.nodeSelector).to.deep.equal({ "platform.eks/node-role": "system" });
            expect(lbc.tolerations).to.deep.equal([{ key: "CriticalAddonsOnly", operator: "Exists", effect: "NoSchedule" }]);
        });

        it("creates the service account its Pod Identity association names", () => {
            expect(lbc.serviceAccount).to.deep.equal({ create: true, name: "aws-load-balancer-controller" });
            expect([LBC_NAMESPACE, LBC_SERVICE_ACCOUNT]).to.deep.equal(["kube-system", "aws-load-balancer-controller"]);
        });

        it("gives the alb class one internet-facing group ALB with HTTPS, a redirect from HTTP, ip targets and the web ACL", () => {
            expect(lbc.ingressClass).to.equal("alb");
            expect(lbc.createIngressClassResource).to.equal(true);
            expect(lbc.ingressClassParams).to.deep.equal({
                create: true,
                name: "alb",
                spec: {
                    scheme: "internet-facing",
                    group: { name: "platform" },
                    certificateArn: [group.certificateArn],
                    sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
                    sslRedirectPort: "443",
                    targetType: "ip",
                    ipAddressType: "ipv4",
                    loadBalancerAttributes: [{ key: "routing.http.drop_invalid_header_fields.enabled", value: "true" }],
                    wafv2AclArn: group.webAclArn,
                },
            });
            expect(lbc.defaultSSLPolicy).to.equal("ELBSecurityPolicy-TLS13-1-2-2021-06");
            expect(lbc.defaultTargetType).to.equal("ip");
        });

        it("creates no IngressClass without the ALB group, and no web ACL field without a web ACL", () => {
            const bare = loadBalancerControllerValues({ clusterName: "c", region: "eu-west-1", vpcId: "v", replicas: 2, sslPolicy: "ELBSecurityPolicy-TLS13-1-3-2021-06", tags: {} });
            expect(bare.createIngressClassResource).to.equal(false);
            expect(bare.ingressClassParams).to.deep.equal({ create: false, name: "alb" });
            const noWaf = loadBalancerControllerValues({ clusterName: "c", region: "eu-west-1", vpcId: "v", replicas: 2, sslPolicy: "ELBSecurityPolicy-TLS13-1-3-2021-06", tags: {}, albGroup: { name: "g", certificateArn: "arn" } });
            expect(noWaf.ingressClassParams.spec).to.not.have.property("wafv2AclArn");
        });
    });

    describe("external-dns", () => {
        const values = externalDnsValues({
            clusterName: "eks-prod",
            subdomain: "k8s-eu-west-1-eks-prod.example.com",
            hostedZoneId: "Z0123456789EXAMPLEZONE",
            region: "eu-west-1",
            policy: "upsert-only",
            interval: "1m",
        });

        it("pins chart 1.21.1 from the kubernetes-sigs repository", () => {
            expect(EXTERNAL_DNS_CHART).to.deep.equal({ repo: "https://kubernetes-sigs.github.io/external-dns/", chart: "external-dns", version: "1.21.1" });
        });

        it("sets only keys of the chart's values.yaml", () => {
            expect(keyPaths(values, EXTERNAL_DNS_FREE_FORM).filter((k) => !EXTERNAL_DNS_KEYS.has(k) && !EXTERNAL_DNS_FREE_FORM.includes(k))).to.deep.equal([]);
        });

        it("owns records under the cluster subdomain by cluster name, in the one zone, from Services, Ingresses and IngressRoutes", () => {
            expect(values.provider).to.deep.equal({ name: "aws" });
            expect(values.sources).to.deep.equal(["service", "ingress", "traefik-proxy"]);
            expect(values.domainFilters).to.deep.equal(["k8s-eu-west-1-eks-prod.example.com"]);
            expect(values.txtOwnerId).to.equal("eks-prod");
            expect(values.registry).to.equal("txt");
            expect(values.policy).to.equal("upsert-only");
            expect(values.extraArgs).to.deep.equal({ "zone-id-filter": ["Z0123456789EXAMPLEZONE"], "aws-zone-type": "public" });
            expect(values.managedRecordTypes).to.deep.equal(["A", "AAAA", "CNAME"]);
        });

        it("lets IAM allow exactly the record changes of its policy: DELETE only with sync, CREATE only with create-only", () => {
            const actions = (policy: "sync" | "upsert-only" | "create-only") =>
                (externalDnsPolicy({ partition: "aws" }, "Z1", "sub.example.com", policy).Statement as any)[0].Condition["ForAllValues:StringEquals"]["route53:ChangeResourceRecordSetsActions"];
            expect(actions("sync")).to.deep.equal(["CREATE", "UPSERT", "DELETE"]);
            expect(actions("upsert-only")).to.deep.equal(["CREATE", "UPSERT"]);
            expect(actions("create-only")).to.deep.equal(["CREATE"]);
        });

        it("reconciles on events as well as every interval, with its region from the environment", () => {
            expect(values.triggerLoopOnEvent).to.equal(true);
            expect(values.interval).to.equal("1m");
            expect(values.env).to.deep.equal([{ name: "AWS_REGION", value: "eu-west-1" }]);
        });
    });

    describe("Traefik behind the controller's NLB", () => {
        const values = traefikValues({ replicas: 2, loadBalancer: { kind: "controller", vpcCidr: "10.10.0.0/16" } });

        it("keeps client IPs by proxy protocol v2, trusted from the VPC CIDR only, on both exposed entry points", () => {
            expect(values.service.annotations["service.beta.kubernetes.io/aws-load-balancer-proxy-protocol"]).to.equal("*");
            expect(values.ports.web.proxyProtocol).to.deep.equal({ trustedIPs: ["10.10.0.0/16"] });
            expect(values.ports.websecure.proxyProtocol).to.deep.equal({ trustedIPs: ["10.10.0.0/16"] });
            expect(JSON.stringify(values)).to.not.include("preserve_client_ip");
            expect(JSON.stringify(values)).to.not.match(/insecure/i);
        });

        it("is an internet-facing NLB with ip targets that only the controller reconciles", () => {
            expect(values.service.spec).to.deep.equal({ type: "LoadBalancer", loadBalancerClass: "service.k8s.aws/nlb" });
            expect(values.service.annotations).to.deep.include({
                "service.beta.kubernetes.io/aws-load-balancer-type": "external",
                "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type": "ip",
                "service.beta.kubernetes.io/aws-load-balancer-scheme": "internet-facing",
            });
        });

        it("sets the proxy protocol only with the controller (the in-tree NLB sends none)", () => {
            const inTree = traefikValues({ replicas: 2 });
            expect(inTree.ports.web).to.not.have.property("proxyProtocol");
            expect(inTree.service.spec).to.deep.equal({ type: "LoadBalancer" });
        });
    });

    describe("WAF managed rule groups", () => {
        it("are AWS's common rule set, known bad inputs and IP reputation list, each keeping its own actions", () => {
            expect(MANAGED_RULE_GROUPS.map((g) => g.name)).to.deep.equal([
                "AWSManagedRulesCommonRuleSet",
                "AWSManagedRulesKnownBadInputsRuleSet",
                "AWSManagedRulesAmazonIpReputationList",
            ]);
            const rules = managedRules("eks-prod-platform");
            expect(rules.map((r) => r.priority)).to.deep.equal([0, 1, 2]);
            expect(rules[1]).to.deep.equal({
                name: "AWSManagedRulesKnownBadInputsRuleSet",
                priority: 1,
                overrideAction: { none: {} },
                statement: { managedRuleGroupStatement: { vendorName: "AWS", name: "AWSManagedRulesKnownBadInputsRuleSet" } },
                visibilityConfig: { cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: "eks-prod-platform-known-bad-inputs" },
            });
        });
    });
});
