/**
 * The compute and access options a stack can turn on: the Karpenter controller on Fargate (IRSA),
 * the GPU NodePool with the NVIDIA device plugin, and the Client VPN. One dev stack with all three
 * on runs through the mock engine, the policy check and the plan's estimates.
 */
import { expect } from "chai";
import { NodePool } from "@kubernetes-models/karpenter/karpenter.sh/v1/NodePool";
import { EC2NodeClass } from "@kubernetes-models/karpenter/karpenter.k8s.aws/v1/EC2NodeClass";
import { runStack, type StackRun } from "../../../engine/engine.js";
import { committedRun } from "../../stack-runs.js";
import { MOCK_ACCOUNT_ID } from "../../../engine/mocks.js";
import { KARPENTER_AMI_ALIAS, NVIDIA_DEVICE_PLUGIN_CHART } from "../../../domain/versions.js";
import { checkStackPolicies, type PolicyReport } from "../../../tools/policy-check.js";
import { estimateMonthlyCost } from "../../../tools/plan/cost.js";
import { estimateDeployTime } from "../../../tools/plan/estimate.js";
import { estimatePodCapacity } from "../../../tools/plan/capacity.js";
import { jsonInput, resource, resources } from "../../helpers.js";

const OPTIONS = {
    karpenter: { controllerOn: "fargate", gpu: { enabled: true } },
    clientVpn: { enabled: true },
};

describe("compute and access options (dev with Fargate, GPU pool and Client VPN on)", () => {
    let base: StackRun;
    let run: StackRun;
    let policy: PolicyReport;
    before(async () => {
        base = await committedRun("dev");
        run = await runStack({ stack: "dev", configOverrides: OPTIONS });
        policy = await checkStackPolicies(run);
    });

    it("passes both policy packs with no mandatory violation", () => {
        expect(policy.violations.filter((v) => v.enforcementLevel === "mandatory")).to.deep.equal([]);
    });

    describe("Karpenter on Fargate", () => {
        it("runs the controller from a Fargate profile that selects only its pods, in the private subnets", () => {
            const profile = resource(run, "aws:eks/fargateProfile:FargateProfile", "karpenter-aws-fargate-profile");
            expect(profile.plainInputs["selectors"]).to.deep.equal([
                { namespace: "kube-system", labels: { "app.kubernetes.io/name": "karpenter", "app.kubernetes.io/instance": "karpenter" } },
            ]);
            expect(profile.plainInputs["subnetIds"]).to.deep.equal(run.outputs["privateSubnetIds"]);
            expect(resources(base, "aws:eks/fargateProfile:FargateProfile")).to.deep.equal([]);
            // The controller image comes through the NAT gateway: the profile waits for its routes.
            const natRoutes = run.resources.filter((r) => r.type === "aws:ec2/route:Route" && /-private-\d+-default$/.test(r.name));
            expect(natRoutes).to.not.be.empty;
            for (const route of natRoutes) expect(profile.dependencies, route.name).to.include(route.urn);
        });

        it("gives the profile a pod execution role only this cluster's Fargate profiles can use, with the managed policy alone", () => {
            const role = resource(run, "aws:iam/role:Role", "karpenter-aws-fargate-pod-execution");
            expect(jsonInput(role, "assumeRolePolicy").Statement).to.deep.equal([
                {
                    Effect: "Allow",
                    Principal: { Service: "eks-fargate-pods.amazonaws.com" },
                    Action: "sts:AssumeRole",
                    Condition: { ArnLike: { "aws:SourceArn": `arn:aws:eks:eu-west-1:${MOCK_ACCOUNT_ID}:fargateprofile/eks-dev/*` } },
                },
            ]);
            const attached = resources(run, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").filter((a) => a.name === "karpenter-aws-fargate-pod-execution");
            expect(attached.map((a) => a.plainInputs["policyArn"])).to.deep.equal(["arn:aws:iam::aws:policy/AmazonEKSFargatePodExecutionRolePolicy"]);
        });

        it("grants the controller role through IRSA, scoped to kube-system/karpenter and the STS audience (Pod Identity needs a DaemonSet Fargate cannot run)", () => {
            const trust = jsonInput(resource(run, "aws:iam/role:Role", "karpenter-aws-controller"), "assumeRolePolicy").Statement;
            expect(trust).to.have.length(1);
            expect(trust[0].Action).to.equal("sts:AssumeRoleWithWebIdentity");
            expect(trust[0].Principal.Federated).to.equal(run.outputs["oidcProviderArn"]);
            const conditions = trust[0].Condition.StringEquals;
            const keys = Object.keys(conditions).sort();
            expect(keys).to.have.length(2);
            expect(keys[0]).to.match(/^oidc\.eks\..*:aud$/).and.not.match(/^https:/);
            expect(conditions[keys[0]!]).to.equal("sts.amazonaws.com");
            expect(conditions[keys[1]!]).to.equal("system:serviceaccount:kube-system:karpenter");
            expect(resources(run, "aws:eks/podIdentityAssociation:PodIdentityAssociation").map((a) => a.name)).to.not.include("karpenter-aws-controller");
        });

        it("sets chart values that fit Fargate: the IRSA annotation, no system-node selector or toleration, the VPC resolver", () => {
            const values = resource(run, "kubernetes:helm.sh/v3:Release", "karpenter-controller").plainInputs["values"] as any;
            expect(values.serviceAccount).to.include({ create: true, name: "karpenter" });
            expect(Object.keys(values.serviceAccount.annotations)).to.deep.equal(["eks.amazonaws.com/role-arn"]);
            expect(values.serviceAccount.annotations["eks.amazonaws.com/role-arn"]).to.match(/^arn:aws:iam::\d{12}:role\//);
            expect(values.nodeSelector).to.deep.equal({ "kubernetes.io/os": "linux" });
            expect(values.tolerations).to.deep.equal([]);
            expect(values.dnsPolicy).to.equal("Default");
            expect(values.topologySpreadConstraints).to.deep.equal([]);
            expect(values.replicas).to.equal(1);
        });

        it("takes the system node group off Karpenter's path, and shortens the critical path", () => {
            const withFargate = estimateDeployTime(run.resources);
            const without = estimateDeployTime(base.resources);
            const path = (e: typeof without) => e.criticalPath.map((s) => s.name);
            expect(path(without)).to.include.members(["cluster-system-ng", "karpenter-controller"]);
            // The AWS Load Balancer Controller still runs on the system nodes, so the stack's path
            // goes through them; Karpenter's controller no longer does.
            expect(path(withFargate)).to.not.include("karpenter-controller");
            expect(withFargate.criticalPathSeconds).to.be.below(without.criticalPathSeconds);
            const controller = resource(run, "kubernetes:helm.sh/v3:Release", "karpenter-controller");
            const ng = resource(run, "aws:eks/nodeGroup:NodeGroup", "cluster-system-ng");
            const profile = resource(run, "aws:eks/fargateProfile:FargateProfile", "karpenter-aws-fargate-profile");
            expect(controller.dependencies).to.not.include(ng.urn);
            expect(controller.dependencies).to.include(profile.urn);
        });
    });

    describe("GPU NodePool", () => {
        it("taints its nodes, limits GPUs with CPU and memory, and picks NVIDIA g instances", () => {
            const pool = resource(run, "kubernetes:karpenter.sh/v1:NodePool", "karpenter-nodepool-gpu").plainInputs as any;
            expect(() => new NodePool(pool).validate()).to.not.throw();
            expect(pool.spec.template.spec.taints).to.deep.equal([{ key: "nvidia.com/gpu", value: "true", effect: "NoSchedule" }]);
            expect(pool.spec.limits).to.deep.equal({ cpu: "16", memory: "64Gi", "nvidia.com/gpu": "1" });
            expect(pool.spec.template.spec.nodeClassRef).to.deep.equal({ group: "karpenter.k8s.aws", kind: "EC2NodeClass", name: "gpu" });
            expect(pool.spec.template.spec.requirements).to.deep.include.members([
                { key: "karpenter.k8s.aws/instance-category", operator: "In", values: ["g"] },
                { key: "karpenter.k8s.aws/instance-gpu-manufacturer", operator: "In", values: ["nvidia"] },
            ]);
        });

        it("boots the pinned al2023 alias, which Karpenter 1.14.1 resolves to the nvidia variant for GPU types", () => {
            const nodeClass = resource(run, "kubernetes:karpenter.k8s.aws/v1:EC2NodeClass", "karpenter-nodeclass-gpu").plainInputs as any;
            expect(() => new EC2NodeClass(nodeClass).validate()).to.not.throw();
            expect(nodeClass.spec.amiSelectorTerms).to.deep.equal([{ alias: KARPENTER_AMI_ALIAS }]);
            expect(nodeClass.spec.kubelet).to.deep.equal({ maxPods: 110 });
            expect(nodeClass.spec.blockDeviceMappings[0].ebs.volumeSize).to.equal("200Gi");
        });

        it("installs the pinned NVIDIA device plugin on the GPU pool's nodes only", () => {
            const release = resource(run, "kubernetes:helm.sh/v3:Release", "karpenter-nvidia-device-plugin").plainInputs as any;
            expect(release).to.deep.include({ chart: "nvidia-device-plugin", version: "0.20.0", namespace: "kube-system" });
            expect(release.repositoryOpts).to.deep.equal({ repo: "https://nvidia.github.io/k8s-device-plugin" });
            expect(NVIDIA_DEVICE_PLUGIN_CHART.version).to.equal("0.20.0");
            expect(release.values.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).to.deep.equal([
                { matchExpressions: [{ key: "karpenter.sh/nodepool", operator: "In", values: ["gpu"] }] },
            ]);
            expect(release.values.tolerations).to.deep.equal([{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }]);
            expect(resources(base, "kubernetes:helm.sh/v3:Release").map((r) => r.name)).to.not.include("karpenter-nvidia-device-plugin");
        });

        it("prices the pool at zero nodes", () => {
            const cost = estimateMonthlyCost(run.resources, "eu-west-1")!;
            expect(cost.items.find((i) => i.item.startsWith("Karpenter NodePool gpu"))).to.include({ quantity: 0, monthlyUsd: 0 });
        });
    });

    describe("Client VPN", () => {
        it("authorizes the VPC CIDR only, split tunnel, mutual TLS, connection logs with retention", () => {
            const endpoint = resource(run, "aws:ec2clientvpn/endpoint:Endpoint", "client-vpn-endpoint").plainInputs as any;
            expect(endpoint).to.deep.include({ splitTunnel: true, clientCidrBlock: "10.250.0.0/22", dnsServers: ["10.0.0.2"], transportProtocol: "udp", sessionTimeoutHours: 8 });
            expect(endpoint.authenticationOptions).to.have.length(1);
            expect(endpoint.authenticationOptions[0].type).to.equal("certificate-authentication");
            expect(endpoint.connectionLogOptions.enabled).to.equal(true);
            expect(resource(run, "aws:cloudwatch/logGroup:LogGroup", "client-vpn-connections").plainInputs).to.include({ name: "/aws/clientvpn/eks-dev", retentionInDays: 30 });
            const rules = resources(run, "aws:ec2clientvpn/authorizationRule:AuthorizationRule");
            expect(rules.map((r) => r.plainInputs["targetNetworkCidr"])).to.deep.equal(["10.0.0.0/16"]);
        });

        it("associates one private subnet per AZ", () => {
            const associations = resources(run, "aws:ec2clientvpn/networkAssociation:NetworkAssociation");
            expect(associations.map((a) => a.plainInputs["subnetId"])).to.deep.equal(run.outputs["privateSubnetIds"]);
        });

        it("lets the endpoint's security group reach the API server on 443", () => {
            const rule = resource(run, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "client-vpn-to-api").plainInputs;
            expect(rule).to.include({ ipProtocol: "tcp", fromPort: 443, toPort: 443 });
            expect(rule["referencedSecurityGroupId"]).to.be.a("string");
        });

        it("keeps key material secret: the ACM import and the client key output", () => {
            // Certificates with key material are the imported ones (the ALB group's is requested from ACM).
            const imported = resources(run, "aws:acm/certificate:Certificate").filter((cert) => cert.inputs["certificateBody"] !== undefined);
            expect(imported.map((cert) => cert.name).sort()).to.deep.equal(["client-vpn-client", "client-vpn-server"]);
            for (const cert of imported) expect(cert.inputs["privateKey"], cert.name).to.deep.include({ secret: true });
            expect(run.outputs["clientVpnClientPrivateKey"]).to.deep.include({ secret: true });
            expect(run.outputs["clientVpnClientCertificate"]).to.be.a("string").and.match(/^-----BEGIN CERTIFICATE-----/);
        });

        it("is priced per association hour and per connection hour", () => {
            const cost = estimateMonthlyCost(run.resources, "eu-west-1")!;
            expect(cost.items.find((i) => i.item === "Client VPN subnet associations")).to.include({ quantity: 2, monthlyUsd: 146 });
            expect(cost.items.find((i) => i.item.startsWith("Client VPN connections"))).to.include({ quantity: 336, monthlyUsd: 16.8 });
        });
    });

    it("shows pods per node and a pod-IP budget that fits with the GPU pool and the Fargate pod", () => {
        const budget = estimatePodCapacity(run.resources, run.outputs["privateIpCapacity"])!;
        expect(budget.maxPods).to.equal(110);
        expect(budget.pools.map((p) => [p.name, p.nodes])).to.deep.equal([
            ["on-demand", 8],
            ["spot", 32],
            ["gpu", 1],
        ]);
        expect(budget.fargatePods).to.equal(1);
        expect(budget.fits).to.equal(true);
    });
});
