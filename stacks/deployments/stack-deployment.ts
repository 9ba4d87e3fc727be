import * as pulumi from "@pulumi/pulumi";
import * as pulumiservice from "@pulumi/pulumiservice";
import type { StackDeploymentConfig } from "./config.js";
import { deploymentPaths, type PolicyPackReference } from "./documents.js";

export interface StackDeploymentArgs {
    /** The Pulumi organization owning the stack. */
    readonly organization: string;
    /** The platform's Pulumi project. */
    readonly project: string;
    /** The stack and how it deploys (trigger, drift schedule, policy mode). */
    readonly stack: StackDeploymentConfig;
    /** GitHub repository, `owner/name`. */
    readonly repository: string;
    /** Branch pushes deploy from. @default "main" */
    readonly branch?: string;
    /** Directory of the platform's Pulumi.yaml in the repository. @default "." */
    readonly repoDir?: string;
    /** The role deployments of this stack assume through OIDC. */
    readonly roleArn: pulumi.Input<string>;
    /** Assume-role session length. @default "1h" */
    readonly sessionDuration?: string;
    /** Policy packs (published name, version, this stack's config) the stack's policy group applies. */
    readonly policyPacks: readonly PolicyPackReference[];
}

/**
 * How one platform stack deploys from Git with Pulumi Deployments: settings (source, trigger,
 * pull-request previews, paths, `npm ci`, AWS credentials through OIDC), drift detection,
 * and the policy group that enforces this project's packs on it.
 */
export class StackDeployment extends pulumi.ComponentResource {
    readonly settings: pulumiservice.DeploymentSettings;
    readonly driftSchedule: pulumiservice.DriftSchedule;
    readonly policyGroup: pulumiservice.PolicyGroup;

    constructor(name: string, args: StackDeploymentArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:deployments:StackDeployment", name, {}, opts);
        const { organization, project, stack } = args;
        const repoDir = args.repoDir ?? ".";

        this.settings = new pulumiservice.DeploymentSettings(
            `${name}-settings`,
            {
                organization,
                project,
                stack: stack.name,
                sourceContext: { git: { branch: `refs/heads/${args.branch ?? "main"}`, repoDir } },
                // `vcs` supersedes `github`, but 1.3.0 does not document the values its `provider` accepts.
                github: {
                    repository: args.repository,
                    // A released stack deploys only when the release workflow or a person asks for it.
                    deployCommits: stack.trigger === "push",
                    previewPullRequests: true,
                    pullRequestTemplate: false,
                    paths: deploymentPaths(repoDir, stack.name),
                },
                operationContext: {
                    // The default install is `npm install`, which may move the lockfile; deploy exactly what was reviewed.
                    preRunCommands: ["npm ci"],
                    options: { skipInstallDependencies: true, skipIntermediateDeployments: true },
                    oidc: {
                        aws: {
                            roleARN: args.roleArn,
                            // Rendered by Pulumi Cloud per run, so CloudTrail ties each session to its deployment.
                            sessionName: `pulumi-${stack.name}-\${deployment.version}`,
                            duration: args.sessionDuration ?? "1h",
                        },
                    },
                },
                cacheOptions: { enable: true },
                agentPoolId: stack.agentPoolId,
            },
            { parent: this },
        );

        this.driftSchedule = new pulumiservice.DriftSchedule(
            `${name}-drift`,
            {
                organization,
                project,
                stack: stack.name,
                scheduleCron: stack.driftSchedule,
                // Drift is reported for a person to judge: an automatic `up` could undo an emergency fix.
                autoRemediate: false,
            },
            // Drift runs are deployments: they need the stack's settings first.
            { parent: this, dependsOn: [this.settings] },
        );

        this.policyGroup = new pulumiservice.PolicyGroup(
            `${name}-policies`,
            {
                name: `${project}-${stack.name}`,
                organizationName: organization,
                entityType: "stacks",
                mode: stack.policyMode,
                stacks: [{ name: stack.name, routingProject: project }],
                policyPacks: args.policyPacks.map((p) => ({ name: p.name, versionTag: p.versionTag, config: p.config })),
            },
            { parent: this },
        );

        this.registerOutputs({ stack: stack.name, trigger: stack.trigger, driftSchedule: stack.driftSchedule });
    }
}
