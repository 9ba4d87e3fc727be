import { expect } from "chai";
import { EC2NodeClass } from "@kubernetes-models/karpenter/karpenter.k8s.aws/v1/EC2NodeClass";
import { NodePool } from "@kubernetes-models/karpenter/karpenter.sh/v1/NodePool";
import { controllerPolicies, interruptionQueuePolicy } from "../../../components/karpenter/controller-policies.js";
import { KARPENTER_AMI_ALIAS, KARPENTER_VERSION } from "../../../domain/versions.js";
import { MOCK_ACCOUNT_ID } from "../../../engine/mocks.js";
import { runStack, type RecordedResource, type StackRun } from "../../../engine/engine.js";
import { committedRuns } from "../../stack-runs.js";
import { dependsOnTransitively, destroyOrder } from "../../graph.js";
import { jsonInput, podIdentityTrust, resource, resources } from "../../helpers.js";

const ctx = { accountId: MOCK_ACCOUNT_ID, partition: "aws", region: "eu-west-1", dnsSuffix: "amazonaws.com" };
const RELEASE = "kubernetes:helm.sh/v3:Release";
const NODE_POOL = "kubernetes:karpenter.sh/v1:NodePool";
const NODE_CLASS = "kubernetes:karpenter.k8s.aws/v1:EC2NodeClass";

describe("Karpenter (both stacks under the mock engine)", () => {
    let dev: StackRun;
    let prod: StackRun;
    before(async () => ([dev, prod] = await committedRuns()));

    const byUrn = (run: StackRun, urn: string) => run.resources.find((r) => r.urn === urn);
    const role = (run: StackRun, name: string) => resource(run, "aws:iam/role:Role", name);
    const nodePools = (run: StackRun) => Object.fromEntries(resources(run, NODE_POOL).map((p) => [p.name.replace(/^karpenter-nodepool-/, ""), p]));

    describe("AWS side", () => {
        it("gives the node role three managed policies (image pulls only, no CNI policy) and an EC2_LINUX access entry", () => {
            const nodeRole = role(prod, "karpenter-aws-node");
            expect(nodeRole.plainInputs["name"]).to.equal("KarpenterNode-eks-prod-eu-west-1");
            expect(jsonInput(nodeRole, "assumeRolePolicy").Statement).to.deep.equal([
                { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" },
            ]);
            const attached = resources(prod, "aws:iam/rolePolicyAttachment:RolePolicyAttachment")
                .filter((a) => a.propertyDependencies["role"]?.includes(nodeRole.urn))
                .map((a) => a.plainInputs["policyArn"]);
            expect(attached).to.have.members([
                "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
                "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly",
                "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
            ]);
            const entry = resource(prod, "aws:eks/accessEntry:AccessEntry", "karpenter-aws-node");
            expect(entry.plainInputs).to.include({ type: "EC2_LINUX", clusterName: "eks-prod" });
            expect(entry.propertyDependencies["principalArn"]).to.deep.equal([nodeRole.urn]);
            expect(entry.plainInputs["principalArn"]).to.equal(`arn:aws:iam::${MOCK_ACCOUNT_ID}:role/eks-platform/prod/KarpenterNode-eks-prod-eu-west-1`);
        });

        it("grants the controller its role through EKS Pod Identity, for kube-system/karpenter only", () => {
            const controller = role(prod, "karpenter-aws-controller");
            expect(jsonInput(controller, "assumeRolePolicy").Statement).to.deep.equal(podIdentityTrust("eks-prod", "kube-system", "karpenter"));
            const association = resource(prod, "aws:eks/podIdentityAssociation:PodIdentityAssociation", "karpenter-aws-controller");
            expect(association.plainInputs).to.include({ clusterName: "eks-prod", namespace: "kube-system", serviceAccount: "karpenter" });
            expect(association.propertyDependencies["roleArn"]).to.deep.equal([controller.urn]);
        });

        it("attaches upstream's six policies to the controller role, scoped to this cluster, node role and queue", () => {
            const controller = role(prod, "karpenter-aws-controller");
            const nodeRole = role(prod, "karpenter-aws-node");
            const queue = resource(prod, "aws:sqs/queue:Queue", "karpenter-aws-interruption");
            const expected = controllerPolicies({
                aws: ctx,
                clusterName: "eks-prod",
                nodeRoleArn: `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/eks-platform/prod/KarpenterNode-eks-prod-eu-west-1`,
                queueArn: `arn:aws:sqs:eu-west-1:${MOCK_ACCOUNT_ID}:eks-prod-karpenter`,
            });
            for (const [name, document] of Object.entries(expected)) {
                const policy = resource(prod, "aws:iam/policy:Policy", `karpenter-aws-controller-${name}`);
                expect(jsonInput(policy, "policy"), name).to.deep.equal(JSON.parse(JSON.stringify(document)));
                const attachment = resource(prod, "aws:iam/rolePolicyAttachment:RolePolicyAttachment", `karpenter-aws-controller-${name}`);
                expect(attachment.propertyDependencies["role"]).to.deep.equal([controller.urn]);
                expect(attachment.propertyDependencies["policyArn"]).to.deep.equal([policy.urn]);
            }
            expect(resource(prod, "aws:iam/policy:Policy", "karpenter-aws-controller-IAMIntegration").propertyDependencies["policy"]).to.include(nodeRole.urn);
            expect(resource(prod, "aws:iam/policy:Policy", "karpenter-aws-controller-Interruption").propertyDependencies["policy"]).to.include(queue.urn);
            // The association waits for the policies: the controller starts as soon as it exists.
            const association = resource(prod, "aws:eks/podIdentityAssociation:PodIdentityAssociation", "karpenter-aws-controller");
            expect(association.explicitDependencies).to.have.length(6);
        });

        it("keeps interruptions five minutes in an SSE queue only the program's own EventBridge rules may send to", () => {
            const queue = resource(prod, "aws:sqs/queue:Queue", "karpenter-aws-interruption");
            expect(queue.plainInputs).to.include({ name: "eks-prod-karpenter", messageRetentionSeconds: 300, sqsManagedSseEnabled: true });
            const policy = resource(prod, "aws:sqs/queuePolicy:QueuePolicy", "karpenter-aws-interruption");
            const rules = resources(prod, "aws:cloudwatch/eventRule:EventRule").filter((r) => r.name.startsWith("karpenter-aws-"));
            expect(rules).to.have.length(5);
            const document = jsonInput(policy, "policy");
            expect(document.Statement[0].Principal).to.deep.equal({ Service: "events.amazonaws.com" });
            const sourceArns: string[] = document.Statement[0].Condition.ArnEquals["aws:SourceArn"];
            expect(sourceArns).to.have.length(5);
            for (const arn of sourceArns) expect(arn).to.match(new RegExp(`^arn:aws:events:eu-west-1:${MOCK_ACCOUNT_ID}:rule/karpenter-aws-[a-z-]+-[0-9a-f]{7}$`));
            for (const rule of rules) expect(policy.propertyDependencies["policy"], rule.name).to.include(rule.urn);
            expect(policy.plainInputs["queueUrl"]).to.equal(`https://sqs.eu-west-1.amazonaws.com/${MOCK_ACCOUNT_ID}/eks-prod-karpenter`);
        });

        it("routes the five interruption event types to the queue, one rule each", () => {
            const patterns = resources(prod, "aws:cloudwatch/eventRule:EventRule")
                .filter((r) => r.name.startsWith("karpenter-aws-"))
                .map((r) => [r.name, JSON.parse(r.plainInputs["eventPattern"] as string)]);
            expect(Object.fromEntries(patterns)).to.deep.equal({
                "karpenter-aws-scheduled-change": { source: ["aws.health"], "detail-type": ["AWS Health Event"] },
                "karpenter-aws-spot-interruption": { source: ["aws.ec2"], "detail-type": ["EC2 Spot Instance Interruption Warning"] },
                "karpenter-aws-rebalance": { source: ["aws.ec2"], "detail-type": ["EC2 Instance Rebalance Recommendation"] },
                "karpenter-aws-instance-state-change": { source: ["aws.ec2"], "detail-type": ["EC2 Instance State-change Notification"] },
                "karpenter-aws-capacity-reservation-interruption": {
                    source: ["aws.ec2"],
                    "detail-type": ["EC2 Capacity Reservation Instance Interruption Warning"],
                },
            });
            const targets = resources(prod, "aws:cloudwatch/eventTarget:EventTarget").filter((t) => t.name.startsWith("karpenter-aws-"));
            expect(targets).to.have.length(5);
            for (const target of targets) {
                expect(target.plainInputs).to.include({
                    arn: `arn:aws:sqs:eu-west-1:${MOCK_ACCOUNT_ID}:eks-prod-karpenter`,
                    targetId: "KarpenterInterruptionQueueTarget",
                });
                expect(target.propertyDependencies["rule"]).to.deep.equal([resource(prod, "aws:cloudwatch/eventRule:EventRule", target.name).urn]);
            }
        });

        it("tags the cluster security group for discovery (the private subnets carry the tag from Network)", () => {
            const tag = resource(prod, "aws:ec2/tag:Tag", "karpenter-aws-cluster-sg-discovery");
            expect(tag.plainInputs).to.include({ key: "karpenter.sh/discovery", value: "eks-prod" });
            expect(tag.plainInputs["resourceId"]).to.match(/^sg-[0-9a-f]{17}$/);
            expect(tag.propertyDependencies["resourceId"]).to.deep.equal([resource(prod, "eks:index:Cluster", "cluster-eks").urn]);
            const specs = resource(prod, "awsx:ec2:Vpc", "network-vpc").plainInputs["subnetSpecs"] as { type: string; tags: Record<string, string> }[];
            expect(specs.find((s) => s.type === "Private")!.tags).to.include({ "karpenter.sh/discovery": "eks-prod" });
            expect(specs.find((s) => s.type === "Public")!.tags).to.not.have.property("karpenter.sh/discovery");
        });

        it("creates no spot service-linked role unless asked", () => {
            expect(resources(dev, "aws:iam/serviceLinkedRole:ServiceLinkedRole")).to.have.length(0);
            expect(resources(prod, "aws:iam/serviceLinkedRole:ServiceLinkedRole")).to.have.length(0);
        });

        it("creates the spot service-linked role when asked, and leaves it in the account on destroy", async () => {
            const run = await runStack({ stack: "dev", configOverrides: { "eks-platform:karpenter": { createSpotServiceLinkedRole: true } } });
            const slr = resource(run, "aws:iam/serviceLinkedRole:ServiceLinkedRole", "karpenter-aws-spot");
            expect(slr.plainInputs["awsServiceName"]).to.equal("spot.amazonaws.com");
            expect(slr.retainOnDelete).to.equal(true);
        });

        it("tags every taggable resource with the stack's tags", () => {
            const taggable = prod.resources.filter((r) => r.urn.includes("platform:karpenter:KarpenterAws$") && "tags" in r.plainInputs);
            expect(taggable.length).to.be.at.least(15);
            for (const r of taggable) expect(r.plainInputs["tags"], r.name).to.include({ Project: "eks-platform", Stack: "prod", Tier: "prod", ManagedBy: "pulumi" });
        });
    });

    describe("in the cluster", () => {
        const release = (run: StackRun, name: string) => resource(run, RELEASE, name);

        it("installs the CRD and controller charts at the pinned version from the public OCI registry", () => {
            expect(KARPENTER_VERSION).to.equal("1.14.1");
            expect(release(prod, "karpenter-crd").plainInputs).to.include({
                chart: "oci://public.ecr.aws/karpenter/karpenter-crd",
                version: "1.14.1",
                namespace: "kube-system",
                name: "karpenter-crd",
            });
            expect(release(prod, "karpenter-controller").plainInputs).to.include({
                chart: "oci://public.ecr.aws/karpenter/karpenter",
                version: "1.14.1",
                namespace: "kube-system",
                name: "karpenter",
                skipCrds: true,
            });
        });

        it("sets the cluster name, endpoint, interruption queue and region on the controller", () => {
            const values = release(prod, "karpenter-controller").plainInputs["values"] as any;
            const eksCluster = resource(prod, "eks:index:Cluster", "cluster-eks");
            expect(values.settings.clusterName).to.equal("eks-prod");
            expect(values.settings.interruptionQueue).to.equal("eks-prod-karpenter");
            expect(values.settings.clusterEndpoint).to.match(/^https:\/\/[0-9A-F]{32}\.gr7\.eu-west-1\.eks\.amazonaws\.com$/);
            expect(release(prod, "karpenter-controller").propertyDependencies["values"]).to.include(eksCluster.urn);
            expect(values.controller.env).to.deep.equal([{ name: "AWS_REGION", value: "eu-west-1" }]);
            expect(values.replicas).to.equal(2);
            expect(values.podDisruptionBudget).to.deep.equal({ name: "karpenter", maxUnavailable: 1 });
        });

        it("uses the cluster's Kubernetes provider for every Kubernetes resource", () => {
            const provider = resource(prod, "pulumi:providers:kubernetes", "cluster-k8s");
            for (const r of [...resources(prod, RELEASE), ...resources(prod, NODE_POOL), ...resources(prod, NODE_CLASS)]) {
                expect(r.provider, r.name).to.equal(`${provider.urn}::${provider.id}`);
            }
        });

        it("builds one valid EC2NodeClass on the pinned AMI with the node role", () => {
            const nodeClass = resource(prod, NODE_CLASS, "karpenter-nodeclass-default");
            const object = nodeClass.plainInputs as any;
            expect(() => new EC2NodeClass(object).validate()).to.not.throw();
            expect(object.metadata.name).to.equal("default");
            expect(object.spec.role).to.equal("KarpenterNode-eks-prod-eu-west-1");
            expect(object.spec.amiSelectorTerms).to.deep.equal([{ alias: KARPENTER_AMI_ALIAS }]);
            expect(object.spec.metadataOptions.httpTokens).to.equal("required");
            expect(object.spec.blockDeviceMappings[0].ebs).to.deep.equal({
                volumeSize: "100Gi",
                volumeType: "gp3",
                encrypted: true,
                // The platform's EBS key by alias ARN, known at preview; the NodeClass waits for the alias.
                kmsKeyID: "arn:aws:kms:eu-west-1:123456789012:alias/eks/eks-prod/ebs",
                deleteOnTermination: true,
            });
            expect(nodeClass.dependencies).to.include(resource(prod, "aws:kms/alias:Alias", "keys-ebs").urn);
            expect((resource(dev, NODE_CLASS, "karpenter-nodeclass-default").plainInputs as any).spec.blockDeviceMappings[0].ebs.volumeSize).to.equal("50Gi");
            expect(object.spec.tags).to.include({ Project: "eks-platform", Stack: "prod", Tier: "prod" });
        });

        it("creates valid on-demand and spot NodePools with the tier's weights, capacity types and limits", () => {
            const summary = (run: StackRun) =>
                Object.fromEntries(
                    Object.entries(nodePools(run)).map(([name, r]) => {
                        const object = r.plainInputs as any;
                        expect(() => new NodePool(object).validate(), name).to.not.throw();
                        const capacity = object.spec.template.spec.requirements.find((q: any) => q.key === "karpenter.sh/capacity-type");
                        return [name, { weight: object.spec.weight, capacity: capacity.values, limits: object.spec.limits }];
                    }),
                );
            expect(summary(dev)).to.deep.equal({
                "on-demand": { weight: 10, capacity: ["on-demand"], limits: { cpu: "16", memory: "64Gi" } },
                spot: { weight: 50, capacity: ["spot"], limits: { cpu: "64", memory: "256Gi" } },
            });
            expect(summary(prod)).to.deep.equal({
                "on-demand": { weight: 50, capacity: ["on-demand"], limits: { cpu: "768", memory: "3072Gi" } },
                spot: { weight: 10, capacity: ["spot"], limits: { cpu: "256", memory: "1024Gi" } },
            });
        });

        it("deletes NodePools in the foreground, so a destroy waits for their nodes to be gone", () => {
            for (const pool of Object.values(nodePools(prod))) {
                expect((pool.plainInputs as any).metadata.annotations, pool.name).to.deep.equal({ "pulumi.com/deletionPropagationPolicy": "foreground" });
            }
        });

        it("sets consolidation, budgets and expiry per tier", () => {
            const spec = (run: StackRun, pool: string) => (nodePools(run)[pool]!.plainInputs as any).spec;
            expect(spec(dev, "spot").disruption).to.deep.equal({ consolidationPolicy: "WhenEmptyOrUnderutilized", consolidateAfter: "1m", budgets: [{ nodes: "20%" }] });
            expect(spec(dev, "spot").template.spec.expireAfter).to.equal("168h");
            expect(spec(prod, "on-demand").disruption.consolidateAfter).to.equal("10m");
            expect(spec(prod, "on-demand").template.spec.expireAfter).to.equal("720h");
        });

        it("creates the custom resources after both charts, so one `pulumi up` works", () => {
            const crds = release(prod, "karpenter-crd");
            const controller = release(prod, "karpenter-controller");
            const nodeClass = resource(prod, NODE_CLASS, "karpenter-nodeclass-default");
            expect(controller.explicitDependencies).to.include(crds.urn);
            expect(nodeClass.explicitDependencies).to.include.members([crds.urn, controller.urn]);
            for (const pool of Object.values(nodePools(prod))) {
                expect(pool.explicitDependencies, pool.name).to.include.members([crds.urn, controller.urn, nodeClass.urn]);
            }
        });

        it("starts the controller only once its IAM, queue and the system nodes exist", () => {
            const controller = release(prod, "karpenter-controller");
            for (const dependency of [
                resource(prod, "aws:eks/podIdentityAssociation:PodIdentityAssociation", "karpenter-aws-controller"),
                resource(prod, "aws:eks/accessEntry:AccessEntry", "karpenter-aws-node"),
                resource(prod, "aws:sqs/queue:Queue", "karpenter-aws-interruption"),
                resource(prod, "aws:eks/nodeGroup:NodeGroup", "cluster-system-ng"),
            ]) {
                expect(controller.dependencies, dependency.name).to.include(dependency.urn);
            }
        });
    });

    describe("teardown order (the recorded dependency graph, reversed)", () => {
        for (const stack of ["dev", "prod"] as const) {
            it(`${stack}: NodePools, then the NodeClass, then the controller, then its IAM, node group and cluster`, () => {
                const run = stack === "dev" ? dev : prod;
                const order = destroyOrder(run);
                const at = (r: RecordedResource) => {
                    const i = order.indexOf(r.urn);
                    expect(i, r.name).to.be.at.least(0);
                    return i;
                };
                const controller = resource(run, RELEASE, "karpenter-controller");
                const nodeClass = resource(run, NODE_CLASS, "karpenter-nodeclass-default");
                const later = [
                    resource(run, RELEASE, "karpenter-crd"),
                    resource(run, "aws:iam/role:Role", "karpenter-aws-controller"),
                    resource(run, "aws:iam/role:Role", "karpenter-aws-node"),
                    resource(run, "aws:eks/accessEntry:AccessEntry", "karpenter-aws-node"),
                    resource(run, "aws:eks/podIdentityAssociation:PodIdentityAssociation", "karpenter-aws-controller"),
                    resource(run, "aws:sqs/queue:Queue", "karpenter-aws-interruption"),
                    resource(run, "aws:eks/nodeGroup:NodeGroup", "cluster-system-ng"),
                    resource(run, "eks:index:Cluster", "cluster-eks"),
                ];
                const pools = Object.values(nodePools(run));
                expect(pools).to.have.length(2);
                for (const pool of pools) {
                    expect(at(pool), `${pool.name} before the NodeClass`).to.be.below(at(nodeClass));
                    expect(at(pool), `${pool.name} before the controller`).to.be.below(at(controller));
                    // A path, not just this order: every order the engine may pick agrees.
                    expect(dependsOnTransitively(run, pool, controller), pool.name).to.equal(true);
                }
                expect(at(nodeClass)).to.be.below(at(controller));
                for (const r of later) {
                    expect(at(controller), `controller before ${r.name}`).to.be.below(at(r));
                    expect(dependsOnTransitively(run, controller, r), r.name).to.equal(true);
                }
                expect(byUrn(run, controller.urn)).to.equal(controller);
            });
        }
    });
});
