/**
 * The offline engine: runs the real index.ts for one stack under Pulumi mocks and records
 * every resource registration the way the Pulumi engine would receive it. Tests, the
 * offline plan and the offline policy check all run the program through here.
 */
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as pulumi from "@pulumi/pulumi";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks.js";
import * as rpc from "@pulumi/pulumi/runtime/rpc.js";
import * as settings from "@pulumi/pulumi/runtime/settings.js";
import resproto from "@pulumi/pulumi/proto/resource_pb.js";
import callbackproto from "@pulumi/pulumi/proto/callback_pb.js";
import * as state from "@pulumi/pulumi/runtime/state.js";
import * as debuggable from "@pulumi/pulumi/runtime/debuggable.js";
import structproto from "google-protobuf/google/protobuf/struct_pb.js";
import { MOCK_ACCOUNT_ID, PlatformMocks } from "./mocks.js";
import { readStackFiles } from "./stack-files.js";
import { deploymentsRoleRef } from "../domain/principals.js";

export const PROJECT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** One resource as the engine saw it register. */
export interface RecordedResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    /** True for provider-managed resources, false for components. */
    readonly custom: boolean;
    /** True for multi-language components (`@pulumi/eks`, `@pulumi/awsx`): their children are not visible offline. */
    readonly remote: boolean;
    readonly id: string | undefined;
    /** Inputs as sent to the engine; secrets appear as `{ secret: true, value }` markers. */
    readonly inputs: Record<string, unknown>;
    /** Inputs with secrets unwrapped, for assertions. */
    readonly plainInputs: Record<string, unknown>;
    /** Outputs registered by a component (`registerOutputs`), or the stack outputs for the root. */
    outputs: Record<string, unknown> | undefined;
    readonly parent: string | undefined;
    /** Every URN this resource depends on: through its inputs and through `dependsOn`. */
    readonly dependencies: string[];
    /** Input property -> URNs that property's value came from. */
    readonly propertyDependencies: Record<string, string[]>;
    /** Dependencies that no input carries: the explicit `dependsOn` ones. */
    readonly explicitDependencies: string[];
    /** The provider reference (`<provider urn>::<id>`), if an explicit one was given. */
    readonly provider: string | undefined;
    readonly protect: boolean;
    readonly retainOnDelete: boolean;
    readonly deleteBeforeReplace: boolean;
    readonly ignoreChanges: string[];
    readonly replaceOnChanges: string[];
    readonly additionalSecretOutputs: string[];
    readonly deletedWith: string | undefined;
    /**
     * Resource transforms registered with the resource (`transforms` option). The real engine
     * applies them to every child, including those of remote components; tests apply them to
     * the children they know a component creates.
     */
    readonly transforms: pulumi.ResourceTransform[];
}

/**
 * Stands in for the SDK's callback server (a gRPC server the engine calls back into):
 * it keeps each transform so the recorded resource can carry it.
 */
class TransformRegistry {
    private readonly byToken = new Map<string, pulumi.ResourceTransform>();

    async registerTransform(transform: pulumi.ResourceTransform): Promise<callbackproto.Callback> {
        const token = `transform-${this.byToken.size + 1}`;
        this.byToken.set(token, transform);
        const callback = new callbackproto.Callback();
        callback.setTarget("offline-engine");
        callback.setToken(token);
        return callback;
    }

    lookup(token: string): pulumi.ResourceTransform | undefined {
        return this.byToken.get(token);
    }

    /** No stack transforms are registered offline; nothing to wait for. */
    async awaitStackRegistrations(): Promise<void> {}

    shutdown(): void {}
}

export interface StackRun {
    readonly project: string;
    readonly stack: string;
    /** Every registered resource, in registration order (the root stack first). */
    readonly resources: RecordedResource[];
    /** The stack outputs, secrets as `{ secret: true, value }` markers. */
    readonly outputs: Record<string, unknown>;
    /** Config keys whose values are secret (offline they hold a placeholder). */
    readonly secretConfigKeys: string[];
    /** The raw config the program received. */
    readonly config: Record<string, string>;
    /** Required secrets the stack file does not hold, given a placeholder: set them before deploying. */
    readonly placeholderSecrets: PlaceholderSecret[];
    /** The IAM role the run pretended to be (the caller). */
    readonly callerRoleArn: string;
}

/** A required secret the program filled with a placeholder because it ran offline. */
export interface PlaceholderSecret {
    readonly key: string;
    /** The exact command that sets it. */
    readonly command: string;
}

export interface RunOptions {
    readonly stack: string;
    /** Replace top-level config keys (`ns:key` or `key`); `null` removes one. */
    readonly configOverrides?: Record<string, unknown>;
    /** Run as `pulumi preview` does (`pulumi.runtime.isDryRun()` is true). @default false */
    readonly preview?: boolean;
    /** The project root holding Pulumi.yaml. @default this repository */
    readonly projectDir?: string;
    /**
     * The IAM role (full ARN, path included) whose session runs the program.
     * @default $EKS_PLATFORM_OFFLINE_CALLER, else the stack's Pulumi Deployments role in the mock account
     */
    readonly callerRoleArn?: string;
    /**
     * Call the program as the Pulumi CLI does, without telling it that it runs offline: missing
     * secrets are then config errors, as in a real `pulumi up`. @default false
     */
    readonly asRealRun?: boolean;
}

/**
 * Runs `npm run plan`/`npm run policy` as another caller, e.g. your Identity Center role:
 * `EKS_PLATFORM_OFFLINE_CALLER=arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/...`.
 */
export const OFFLINE_CALLER_ENV = "EKS_PLATFORM_OFFLINE_CALLER";

/** The marker the SDK serialises secrets with. */
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** A MockMonitor that keeps each registration request as the engine would see it. */
class RecordingMonitor extends MockMonitor {
    constructor(
        private readonly platformMocks: PlatformMocks,
        readonly transforms: TransformRegistry,
    ) {
        super(platformMocks);
        this.failed = new Promise<never>((_, reject) => {
            this.fail = reject;
        });
        this.failed.catch(() => undefined);
    }

    readonly recorded: RecordedResource[] = [];
    /** Invoke failures: the SDK drops their message, so the engine reports them itself. */
    readonly invokeErrors: Error[] = [];
    /** Rejects at the first failed invoke: one inside an apply() would otherwise leave the run hanging. */
    readonly failed: Promise<never>;
    private fail!: (err: Error) => void;
    private readonly byUrn = new Map<string, RecordedResource>();

    override invoke(req: any, callback: (err: any, response: any) => void): Promise<void> {
        return super.invoke(req, (err: any, response: any) => {
            if (err) {
                const error = err instanceof Error ? err : new Error(String(err));
                this.invokeErrors.push(error);
                this.fail(error);
            }
            callback(err, response);
        });
    }

    /**
     * The stock MockMonitor's registration, plus what a real engine does for multi-language
     * components: their outputs that are resources (e.g. `eks.Cluster.eksCluster`) come back
     * as resource references, readable like any other resource.
     */
    override async registerResource(req: any, callback: (err: any, response: any) => void): Promise<void> {
        try {
            const type: string = req.getType();
            const name: string = req.getName();
            const inputs = rpc.deserializeProperties(req.getObject(), true) as Record<string, unknown>;
            const urn = this.urnOf(req.getParent(), type, name);
            const result = await this.mocks.newResource({
                type,
                name,
                inputs,
                provider: req.getProvider(),
                custom: req.getCustom(),
                id: req.getImportid(),
            });
            const state: Record<string, unknown> = { ...result.state };
            for (const child of this.platformMocks.remoteChildren({ type, name, inputs })) {
                const childUrn = this.urnOf(urn, child.type, child.name);
                const childState = await rpc.serializeProperties("", child.state);
                this.resources.set(childUrn, { urn: childUrn, id: child.id, state: childState });
                state[child.output] = { [rpc.specialSigKey]: rpc.specialResourceSig, urn: childUrn, id: child.id, packageVersion: "" };
            }
            const serializedState = await rpc.serializeProperties("", state);
            this.resources.set(urn, { urn, id: result.id ?? null, state: serializedState });
            this.record(req, urn, result.id, inputs);
            const response = new resproto.RegisterResourceResponse();
            response.setUrn(urn);
            response.setId(result.id || "");
            response.setObject(structproto.Struct.fromJavaScript(serializedState));
            callback(null, response);
        } catch (err) {
            callback(err, undefined);
        }
    }

    private urnOf(parent: string, type: string, name: string): string {
        return (this as unknown as { newUrn: (p: string, t: string, n: string) => string }).newUrn(parent, type, name);
    }

    private record(req: any, urn: string, id: string | undefined, inputs: Record<string, unknown>): void {
        const propertyDependencies: Record<string, string[]> = {};
        req.getPropertydependenciesMap().forEach((deps: any, key: string) => {
            propertyDependencies[key] = deps.getUrnsList();
        });
        const dependencies: string[] = req.getDependenciesList();
        const carried = new Set(Object.values(propertyDependencies).flat());
        const record: RecordedResource = {
            urn,
            type: req.getType(),
            name: req.getName(),
            custom: req.getCustom(),
            remote: req.getRemote(),
            id: id || undefined,
            inputs: toMarkers(inputs) as Record<string, unknown>,
            plainInputs: unwrapSecrets(inputs) as Record<string, unknown>,
            outputs: undefined,
            parent: req.getParent() || undefined,
            dependencies,
            propertyDependencies,
            explicitDependencies: dependencies.filter((d) => !carried.has(d)),
            provider: req.getProvider() || undefined,
            protect: req.getProtect() === true,
            retainOnDelete: req.getRetainondelete() === true,
            deleteBeforeReplace: req.getDeletebeforereplace() === true,
            ignoreChanges: req.getIgnorechangesList(),
            replaceOnChanges: req.getReplaceonchangesList(),
            additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
            deletedWith: req.getDeletedwith() || undefined,
            transforms: req
                .getTransformsList()
                .map((cb: callbackproto.Callback) => this.transforms.lookup(cb.getToken()))
                .filter((t: pulumi.ResourceTransform | undefined): t is pulumi.ResourceTransform => t !== undefined),
        };
        this.recorded.push(record);
        this.byUrn.set(urn, record);
    }

    override registerResourceOutputs(req: any, callback: (err: any, response: any) => void): void {
        const record = this.byUrn.get(req.getUrn());
        // A run that failed can still send its stack's outputs once the next run has begun: they
        // belong to nothing this run registered, and are dropped as the engine drops a dead run's.
        if (!record && !this.resources.has(req.getUrn())) {
            callback(null, {});
            return;
        }
        try {
            const value = rpc.deserializeProperties(req.getOutputs(), true) as Record<string, unknown>;
            if (record) record.outputs = toMarkers(value) as Record<string, unknown>;
        } catch (err) {
            callback(err, undefined);
            return;
        }
        super.registerResourceOutputs(req, callback);
    }
}

let running: Promise<unknown> = Promise.resolve();

/** Errors a run has already reported through its own rejection. */
const reported = new WeakSet<object>();

/**
 * True for an error a run has already rejected with. A failed run can leave promises of the SDK
 * (the stack's outputs, say) rejected with the same error after it settled; a command's handler
 * of unhandled rejections uses this to not report the failure twice.
 */
export function wasReported(reason: unknown): boolean {
    return reason !== null && typeof reason === "object" && reported.has(reason);
}

/**
 * Runs index.ts for one stack under mocks and returns what it registered. Runs are
 * serialised: the Pulumi runtime is one per process.
 */
export function runStack(options: RunOptions): Promise<StackRun> {
    const next = running.then(() => runOnce(options));
    running = next.catch(() => undefined);
    return next;
}

async function runOnce(options: RunOptions): Promise<StackRun> {
    const projectDir = options.projectDir ?? PROJECT_DIR;
    const files = readStackFiles(projectDir, options.stack, options.configOverrides);
    const region = files.values["aws:region"] ?? "us-east-1";
    const callerRoleArn =
        options.callerRoleArn ?? process.env[OFFLINE_CALLER_ENV] ?? `arn:aws:iam::${MOCK_ACCOUNT_ID}:${deploymentsRoleRef(options.stack)}`;
    const monitor = new RecordingMonitor(new PlatformMocks({ region, accountId: MOCK_ACCOUNT_ID, callerRoleArn }), new TransformRegistry());
    const placeholderSecrets: PlaceholderSecret[] = [];
    // The program's explicit signal that it runs offline; the Pulumi CLI never passes one.
    const offline = { placeholderSecrets: true, reportPlaceholderSecrets: (s: readonly PlaceholderSecret[]) => placeholderSecrets.push(...s) } as const;

    await pulumi.runtime.setMocks(monitor.mocks, files.project, options.stack, options.preview ?? false);
    settings.setMockOptions(monitor, files.project, options.stack, options.preview ?? false);
    // The real engine supports transforms; offline, the registry above stands in for the callback server.
    const store = (state as unknown as { getStore: () => { supportsTransforms: boolean; callbacks: unknown } }).getStore();
    store.supportsTransforms = true;
    store.callbacks = monitor.transforms;
    pulumi.runtime.setAllConfig(files.values, files.secretKeys);

    const program = (await import(pathToFileURL(path.join(projectDir, "index.ts")).href)) as {
        default: (offlineRun?: typeof offline) => Promise<Record<string, unknown>>;
    };
    // A rejection nobody handles (a failed apply, say) fails the run instead of hanging it.
    let unhandled: (reason: unknown) => void = () => undefined;
    const unhandledRejection = new Promise<never>((_, reject) => {
        unhandled = reject;
    });
    unhandledRejection.catch(() => undefined);
    process.on("unhandledRejection", unhandled);
    // The SDK captures a stack trace for every promise it makes (to name leaks), and with source
    // maps on, formatting them is most of an offline run's time. Errors of a run are reported by
    // their message; set ENGINE_STACK_TRACES=1 to keep the traces when debugging the engine.
    const stackTraceLimit = Error.stackTraceLimit;
    if (!process.env["ENGINE_STACK_TRACES"]) Error.stackTraceLimit = 0;
    try {
        await Promise.race([
            (async () => {
                await pulumi.runtime.runInPulumiStack(() => (options.asRealRun ? program.default() : program.default(offline)));
                // Drain outstanding registrations; `waitForRPCs` is internal to the SDK (untyped).
                await (settings as unknown as { waitForRPCs: () => Promise<void> }).waitForRPCs();
            })(),
            monitor.failed,
            unhandledRejection,
        ]);
    } catch (err) {
        for (const e of [err, monitor.invokeErrors[0]]) if (e !== null && typeof e === "object") reported.add(e);
        // The SDK's error for a failed invoke carries a rejected promise of its own; it is
        // reported here, so keep it from surfacing as an unhandled rejection.
        (err as { promise?: Promise<unknown> }).promise?.catch(() => undefined);
        // The failed run is abandoned: forget its pending promises, or the SDK reports them as
        // leaks when the process exits.
        // `leakedPromises` is internal to the SDK (untyped): it returns and clears the set.
        (debuggable as unknown as { leakedPromises: () => unknown }).leakedPromises();
        throw monitor.invokeErrors[0] ?? err;
    } finally {
        Error.stackTraceLimit = stackTraceLimit;
        process.off("unhandledRejection", unhandled);
    }

    const root = monitor.recorded.find((r) => r.type === "pulumi:pulumi:Stack");
    return {
        project: files.project,
        stack: options.stack,
        resources: monitor.recorded,
        outputs: root?.outputs ?? {},
        secretConfigKeys: files.secretKeys,
        config: files.values,
        placeholderSecrets,
        callerRoleArn,
    };
}

/** Secrets as `{ secret: true, value }`, so a test can check that something stayed secret. */
function toMarkers(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(toMarkers);
    if (value !== null && typeof value === "object") {
        const obj = value as Record<string, unknown>;
        if (obj[rpc.specialSigKey] === SECRET_SIG) return { secret: true, value: toMarkers(obj["value"]) };
        return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, toMarkers(v)]));
    }
    return value;
}

function unwrapSecrets(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(unwrapSecrets);
    if (value !== null && typeof value === "object") {
        const obj = value as Record<string, unknown>;
        if (obj[rpc.specialSigKey] === SECRET_SIG) return unwrapSecrets(obj["value"]);
        return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, unwrapSecrets(v)]));
    }
    return value;
}
