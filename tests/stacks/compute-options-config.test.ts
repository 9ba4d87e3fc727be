import { expect } from "chai";
import { minimal, parse, problemsOf } from "./config-fixtures.js";

describe("compute and access options config", () => {
    describe("tier defaults", () => {
        it("dev: controller on one spot system node, GPU pool and Client VPN off", () => {
            const config = parse(minimal("dev"));
            expect(config.karpenter).to.deep.include({ controllerOn: "system-nodes", controllerReplicas: 1, maxPods: 110 });
            expect(config.karpenter.gpu.enabled).to.equal(false);
            expect(config.clientVpn).to.deep.equal({ enabled: false, clientCidr: "10.250.0.0/22", logRetentionDays: 30, sessionTimeoutHours: 8 });
            expect(config.cluster.systemNodes).to.deep.equal({
                instanceTypes: ["t3.medium", "t3a.medium"],
                capacityType: "SPOT",
                minSize: 1,
                desiredSize: 1,
                maxSize: 3,
                diskSizeGiB: 20,
            });
        });

        it("prod: two controller replicas, on-demand system nodes, at least 1,000 vCPU of NodePool limits with 4 GiB each", () => {
            const config = parse(minimal("prod"));
            expect(config.karpenter).to.deep.include({ controllerOn: "system-nodes", controllerReplicas: 2 });
            expect(config.cluster.systemNodes).to.deep.include({ capacityType: "ON_DEMAND", minSize: 2, desiredSize: 2 });
            const pools = Object.values(config.karpenter.nodePools);
            const cpu = pools.reduce((n, p) => n + p.limits.cpu, 0);
            const memory = pools.reduce((n, p) => n + p.limits.memoryGiB, 0);
            expect(cpu).to.equal(1024);
            expect(memory).to.equal(4 * cpu);
            expect(pools.map((p) => p.minVcpu)).to.deep.equal([4, 4]);
            expect(config.clientVpn.logRetentionDays).to.equal(365);
        });
    });

    describe("bad values, each named with its fix", () => {
        it("an unknown controller placement", () => {
            expect(problemsOf({ ...minimal("dev"), karpenter: { controllerOn: "ec2" } })).to.deep.equal(["karpenter.controllerOn: must be fargate or system-nodes"]);
        });

        it("a single controller replica in prod", () => {
            expect(problemsOf({ ...minimal("prod"), karpenter: { controllerReplicas: 1 } })).to.deep.equal([
                "karpenter.controllerReplicas: prod runs at least 2 controller replicas, so provisioning survives losing one; set 2",
            ]);
        });

        it("maxPods above upstream's ceiling", () => {
            expect(problemsOf({ ...minimal("dev"), karpenter: { maxPods: 300 } })).to.deep.equal([
                "karpenter.maxPods: must be at most 250 (upstream's ceiling with prefix delegation)",
            ]);
        });

        it("a GPU pool of a non-GPU category or without a GPU limit", () => {
            expect(problemsOf({ ...minimal("dev"), karpenter: { gpu: { enabled: true, instanceCategories: ["c"] } } })).to.deep.equal([
                "karpenter.gpu.instanceCategories[0]: must be one of g, p (EC2's NVIDIA GPU families)",
            ]);
            expect(problemsOf({ ...minimal("dev"), karpenter: { gpu: { enabled: true, limits: { gpus: 0 } } } })).to.deep.equal([
                "karpenter.gpu.limits.gpus: must be above 0: a limit of 0 lets the NodePool launch nothing; write e.g. gpus: 8, or set enabled: false",
            ]);
        });

        it("NodePool limits whose nodes would take the private subnets' addresses", () => {
            expect(problemsOf({ ...minimal("prod"), karpenter: { nodePools: { spot: { limits: { cpu: 2048 } } } } })).to.deep.equal([
                "karpenter.nodePools: at their limits the NodePools can launch 704 nodes taking 91332 pod IPs (129 per node at maxPods 110), more than 80% of the 49137 private addresses; lower limits.cpu, raise minVcpu, or widen network.privateSubnetPrefix",
            ]);
        });

        it("a Client VPN CIDR of the wrong size or inside the VPC", () => {
            expect(problemsOf({ ...minimal("dev"), clientVpn: { enabled: true, clientCidr: "10.250.0.0/24" } })).to.deep.equal([
                "clientVpn.clientCidr: Client VPN needs a client CIDR between /12 and /22, got /24; e.g. 10.250.0.0/22",
            ]);
            expect(problemsOf({ ...minimal("dev"), clientVpn: { enabled: true, clientCidr: "10.0.4.0/22" } })).to.deep.equal([
                "clientVpn.clientCidr: 10.0.4.0/22 overlaps the VPC 10.0.0.0/16; pick a client CIDR outside it (e.g. 10.250.0.0/22)",
            ]);
            expect(problemsOf({ ...minimal("dev"), clientVpn: { sessionTimeoutHours: 9 } })).to.deep.equal(["clientVpn.sessionTimeoutHours: must be 8, 10, 12 or 24"]);
        });

        it("spot system nodes in prod are allowed only when asked for, and a bad capacity type is named", () => {
            expect(problemsOf({ ...minimal("prod"), cluster: { systemNodes: { capacityType: "RESERVED" } } })).to.deep.equal([
                "cluster.systemNodes.capacityType: must be ON_DEMAND or SPOT",
            ]);
        });
    });
});
