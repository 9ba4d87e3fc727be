import * as pulumi from "@pulumi/pulumi";
import type { RecordedResource, StackRun } from "../engine/engine.js";

/** Resolves an Output for a test; never assert inside apply(). */
export function promiseOf<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => output.apply(resolve));
}

/** The one resource of this type and logical name; fails loudly when missing or ambiguous. */
export function resource(run: StackRun, type: string, name?: string): RecordedResource {
    const found = run.resources.filter((r) => r.type === type && (name === undefined || r.name === name));
    if (found.length !== 1) {
        const names = run.resources.filter((r) => r.type === type).map((r) => r.name);
        throw new Error(`expected one ${type}${name ? ` named ${name}` : ""}, found ${found.length} (have: ${names.join(", ") || "none"})`);
    }
    return found[0]!;
}

/** Every resource of a type. */
export function resources(run: StackRun, type: string): RecordedResource[] {
    return run.resources.filter((r) => r.type === type);
}

/** Parsed JSON of a string input (IAM documents and the like). */
export function jsonInput(r: RecordedResource, key: string): any {
    const value = r.plainInputs[key];
    if (typeof value !== "string") throw new Error(`${r.type} ${r.name}: input ${key} is not a JSON string`);
    return JSON.parse(value);
}

/**
 * The trust statement every EKS Pod Identity role must carry, written out as the EKS user
 * guide gives it ("pod-id-role"), for one service account of one cluster in the mock account.
 */
export function podIdentityTrust(clusterName: string, namespace: string, serviceAccount: string) {
    return [
        {
            Effect: "Allow",
            Principal: { Service: "pods.eks.amazonaws.com" },
            Action: ["sts:AssumeRole", "sts:TagSession"],
            Condition: {
                StringEquals: {
                    "aws:SourceAccount": "123456789012",
                    "aws:RequestTag/eks-cluster-name": clusterName,
                    "aws:RequestTag/kubernetes-namespace": namespace,
                    "aws:RequestTag/kubernetes-service-account": serviceAccount,
                },
            },
        },
    ];
}
